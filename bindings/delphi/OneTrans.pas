(* OneTrans for Delphi (7 to 12) and Free Pascal ($mode delphi).

    uses OneTrans;
    Answer := OneTransCall('{"transCode":"HOS00012","data":{...}}');

  OneTransCall converts between the host's string type and the library's UTF-8 (AnsiString in
  the system code page before Delphi 2009, UnicodeString after), asks the library for the
  whole answer (OneTrans_Call: no buffer to size, the request is never sent twice) and raises
  EOneTrans when the return code is not '000000'. A platform refusal is a normal answer.

  The hospital side (1.1+): OneTransGatewayStart answers the platforms' calls with a handler,
  OneTransInboundOpen / OneTransInboundSeal do it for a HIS with its own web server (README.md).
  The handler runs on the gateway's threads, which the Pascal RTL did not create: Free Pascal on
  Unix needs cthreads as the first unit of the program (uses cthreads, SysUtils, OneTrans;)
  before it starts the gateway. This unit cannot pull it in itself: SysUtils, initialised before
  it, would already have used the threadless manager. *)
unit OneTrans;

{$IFDEF FPC}{$mode delphi}{$H+}{$ENDIF}

interface

uses
  {$IF DEFINED(FPC) AND DEFINED(UNIX)}cwstring,{$IFEND}
  {$IF NOT DEFINED(FPC) AND DEFINED(MSWINDOWS)}Windows,{$IFEND} SysUtils;

const
  {$IFDEF MSWINDOWS}
  OneTransLib = 'OneTrans.dll';
  {$ELSE}
  OneTransLib = 'onetrans';
  {$ENDIF}

type
  PPAnsiChar = ^PAnsiChar;

  EOneTrans = class(Exception)
  public
    ReturnCode: string;   { '000105', '000107', '010010', '-1', ... }
    Response: string;     { the library's answer; for 000107 its "query" names what to run }
    constructor Create(const ACode, AResponse: string);
  end;

{ The raw exports: stdcall on Win32, cdecl elsewhere; Integer is the C int. }
function MobileTrans(pInData, pOutData: PAnsiChar): PAnsiChar;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'MobileTrans';
function MobileTransEx(pIn, pOut: PAnsiChar; outCap: Integer; outLen: PInteger): Integer;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'MobileTransEx';
function OneTrans_Call(pIn: PAnsiChar; pOut: PPAnsiChar): Integer;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_Call';
procedure OneTrans_Free(p: PAnsiChar);
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_Free';
function OneTrans_Version: PAnsiChar;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_Version';
function OneTrans_Init(config: PAnsiChar): Integer;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_Init';
procedure OneTrans_Cleanup;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_Cleanup';
function OneTrans_LastError: PAnsiChar;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_LastError';

{ One call: JSON in, JSON out, in the host's own string type. }
function OneTransCall(const Request: string): string;

{ ---- Inbound (1.1+): the platforms call the hospital. All text crossing here is UTF-8. ---- }
type
  (* The HIS's handler: the request JSON ('{"platform","api","requestId","data":{...}}') in, the
     reply JSON ('{"code","message","data":{...}}') out; '' or an exception: no reply, the
     platform gets its failure answer. Called from several gateway threads at once. *)
  TOneTransHandler = function(const Request: string): string of object;
  TOneTransHandlerFunc = function(const Request: string): string;
  { The C callback (OneTransHandler in onetrans.h). }
  TOneTransCHandler = procedure(User: Pointer; Request: PAnsiChar; Reply: Pointer);
    {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF}

procedure OneTrans_Reply(Reply: Pointer; Json: PAnsiChar);
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_Reply';
function OneTrans_InboundOpen(Route, Body: PAnsiChar; pOut: PPAnsiChar): Integer;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_InboundOpen';
function OneTrans_InboundSeal(Request, Reply: PAnsiChar; pOut: PPAnsiChar): Integer;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_InboundSeal';
function OneTrans_GatewayStart(Config: PAnsiChar; Handler: TOneTransCHandler; User: Pointer): Integer;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_GatewayStart';
function OneTrans_GatewayAddress: PAnsiChar;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_GatewayAddress';
procedure OneTrans_GatewayStop;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'OneTrans_GatewayStop';

{ Starts the gateway ([gateway] of the current configuration, or of Config: a path or inline
  JSON) with Handler answering every route; raises EOneTrans when it cannot. One per process. }
procedure OneTransGatewayStart(Handler: TOneTransHandler; const Config: string = ''); overload;
procedure OneTransGatewayStart(Handler: TOneTransHandlerFunc; const Config: string = ''); overload;
{ 'http://127.0.0.1:8088': where it listens; '' when none runs. }
function OneTransGatewayAddress: string;
{ Stops accepting, lets calls in flight finish (at most 10 s). }
procedure OneTransGatewayStop;
{ For a HIS with its own web server. Route: 'yzt', 'mpay/order', 'amp/rechargeSettle', 'qingyuan';
  Body: the platform's request body. True: Text is the request for the handler (answer it, then
  OneTransInboundSeal). False: Text is the complete reply to send back unchanged (a refused
  request, or a repeat answered from the journal). Raises EOneTrans otherwise. }
function OneTransInboundOpen(const Route, Body: string; out Text: string): Boolean;
{ Request: what OneTransInboundOpen gave; Reply: the handler's reply, '' when the HIS failed.
  Returns the body to send to the platform. }
function OneTransInboundSeal(const Request, Reply: string): string;

implementation

constructor EOneTrans.Create(const ACode, AResponse: string);
begin
  inherited Create('OneTrans ' + ACode + ': ' + AResponse);
  ReturnCode := ACode;
  Response := AResponse;
end;

function CodeText(rc: Integer): string;
begin
  if rc < 0 then Result := IntToStr(rc) else Result := Format('%.6d', [rc]);
end;

function ToUtf8(const S: string): UTF8String;
begin
  {$IFDEF UNICODE}
  Result := UTF8Encode(S);
  {$ELSE}
  Result := UTF8Encode(WideString(S));  { system code page (GBK) -> UTF-8 }
  {$ENDIF}
end;

function FromUtf8(P: PAnsiChar): string;
begin
  {$IFDEF UNICODE}
  Result := UTF8ToString(P);
  {$ELSE}
  Result := Utf8ToAnsi(UTF8String(P));  { UTF-8 -> system code page }
  {$ENDIF}
end;

{ The text of an answer the library allocated, which is then freed. }
function Take(P: PAnsiChar): string;
begin
  try
    Result := FromUtf8(P);
  finally
    OneTrans_Free(P);
  end;
end;

function OneTransCall(const Request: string): string;
var
  InUtf8: UTF8String;
  OutPtr: PAnsiChar;
  rc: Integer;
begin
  InUtf8 := ToUtf8(Request);
  OutPtr := nil;
  rc := OneTrans_Call(PAnsiChar(InUtf8), @OutPtr);
  Result := Take(OutPtr);
  if rc <> 0 then
    raise EOneTrans.Create(CodeText(rc), Result);
end;

var
  GatewayLock: TRTLCriticalSection;
  GatewayMethod: TOneTransHandler;
  GatewayFunc: TOneTransHandlerFunc;

{ Runs on the gateway's threads. Nothing may unwind into the C++ frames below it: every
  exception ends here, as no reply. }
procedure GatewayCallback(User: Pointer; Request: PAnsiChar; Reply: Pointer);
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF}
var
  M: TOneTransHandler;
  F: TOneTransHandlerFunc;
  Answer: string;
  Utf8: UTF8String;
begin
  try
    EnterCriticalSection(GatewayLock);
    M := GatewayMethod;
    F := GatewayFunc;
    LeaveCriticalSection(GatewayLock);
    if Assigned(M) then
      Answer := M(FromUtf8(Request))
    else if Assigned(F) then
      Answer := F(FromUtf8(Request))
    else
      Exit;
    if Answer <> '' then
    begin
      Utf8 := ToUtf8(Answer);
      OneTrans_Reply(Reply, PAnsiChar(Utf8));
    end;
  except
    { no reply: the gateway answers the platform's failure form and logs it }
  end;
end;

{$IFDEF FPC}
function NoThread(P: Pointer): PtrInt;
begin
  Result := 0;
end;
{$ENDIF}

{ The gateway calls in on threads the RTL did not create. Free Pascal gives such a thread its
  threadvars (exception frames, heap) on first use only once its thread support is set up,
  which on Windows happens when the program starts its first thread: one that ends at once
  does it. Both RTLs lock their heap only once IsMultiThread is set. }
procedure PrepareForeignThreads;
{$IFDEF FPC}
var
  T: TThreadID;
  {$IFDEF UNIX}TM: TThreadManager;{$ENDIF}
{$ENDIF}
begin
  {$IFDEF FPC}
  {$IFDEF UNIX}
  { Without cthreads a foreign thread would share the main thread's threadvars: refuse. }
  GetThreadManager(TM);
  if not Assigned(TM.InitManager) then
    raise EOneTrans.Create(CodeText(105), 'Free Pascal: the gateway calls the handler on its own threads; ' +
      'make cthreads the first unit of the program (uses cthreads, ...)');
  {$ENDIF}
  T := BeginThread(NoThread, nil);
  WaitForThreadTerminate(T, -1);
  CloseThread(T);
  {$ENDIF}
  IsMultiThread := True;
end;

procedure GatewayStart(M: TOneTransHandler; F: TOneTransHandlerFunc; const Config: string);
var
  C: UTF8String;
  P: PAnsiChar;
  OldM: TOneTransHandler;
  OldF: TOneTransHandlerFunc;
  rc: Integer;
begin
  PrepareForeignThreads;
  C := ToUtf8(Config);
  if Config = '' then P := nil else P := PAnsiChar(C);  { nil: the current configuration }
  { Set first: the first call may arrive before OneTrans_GatewayStart returns. }
  EnterCriticalSection(GatewayLock);
  OldM := GatewayMethod;
  OldF := GatewayFunc;
  GatewayMethod := M;
  GatewayFunc := F;
  LeaveCriticalSection(GatewayLock);
  rc := OneTrans_GatewayStart(P, GatewayCallback, nil);
  if rc <> 0 then
  begin
    EnterCriticalSection(GatewayLock);  { a refused second start leaves the running one alone }
    GatewayMethod := OldM;
    GatewayFunc := OldF;
    LeaveCriticalSection(GatewayLock);
    raise EOneTrans.Create(CodeText(rc), FromUtf8(OneTrans_LastError));
  end;
end;

procedure OneTransGatewayStart(Handler: TOneTransHandler; const Config: string);
begin
  if not Assigned(Handler) then raise EOneTrans.Create(CodeText(105), 'no handler');
  GatewayStart(Handler, nil, Config);
end;

procedure OneTransGatewayStart(Handler: TOneTransHandlerFunc; const Config: string);
begin
  if not Assigned(Handler) then raise EOneTrans.Create(CodeText(105), 'no handler');
  GatewayStart(nil, Handler, Config);
end;

function OneTransGatewayAddress: string;
begin
  Result := FromUtf8(OneTrans_GatewayAddress);
end;

procedure OneTransGatewayStop;
begin
  OneTrans_GatewayStop;
  EnterCriticalSection(GatewayLock);
  GatewayMethod := nil;
  GatewayFunc := nil;
  LeaveCriticalSection(GatewayLock);
end;

function OneTransInboundOpen(const Route, Body: string; out Text: string): Boolean;
var
  R, B: UTF8String;
  OutPtr: PAnsiChar;
  Why: string;
  rc: Integer;
begin
  R := ToUtf8(Route);
  B := ToUtf8(Body);
  OutPtr := nil;
  rc := OneTrans_InboundOpen(PAnsiChar(R), PAnsiChar(B), @OutPtr);
  Result := rc = 0;
  if Result or ((OutPtr <> nil) and ((rc = 105) or (rc = 109))) then
  begin
    Text := Take(OutPtr);
    Exit;
  end;
  Why := FromUtf8(OneTrans_LastError);
  Text := Take(OutPtr);
  if Text = '' then Text := Why;
  raise EOneTrans.Create(CodeText(rc), Text);
end;

function OneTransInboundSeal(const Request, Reply: string): string;
var
  Q, R: UTF8String;
  P: PAnsiChar;
  OutPtr: PAnsiChar;
  rc: Integer;
begin
  Q := ToUtf8(Request);
  R := ToUtf8(Reply);
  if Reply = '' then P := nil else P := PAnsiChar(R);  { nil: the HIS failed }
  OutPtr := nil;
  rc := OneTrans_InboundSeal(PAnsiChar(Q), P, @OutPtr);
  Result := Take(OutPtr);
  if rc <> 0 then
    raise EOneTrans.Create(CodeText(rc), Result);
end;

initialization
  {$IFDEF FPC}InitCriticalSection(GatewayLock);{$ELSE}InitializeCriticalSection(GatewayLock);{$ENDIF}
finalization
  {$IFDEF FPC}DoneCriticalSection(GatewayLock);{$ELSE}DeleteCriticalSection(GatewayLock);{$ENDIF}
end.
