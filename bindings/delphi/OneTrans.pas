(* OneTrans for Delphi (7 to 12) and Free Pascal ($mode delphi).

    uses OneTrans;
    Answer := OneTransCall('{"transCode":"HOS00012","data":{...}}');

  OneTransCall converts between the host's string type and the library's UTF-8 (AnsiString in
  the system code page before Delphi 2009, UnicodeString after), asks the library for the
  whole answer (OneTrans_Call: no buffer to size, the request is never sent twice) and raises
  EOneTrans when the return code is not '000000'. A platform refusal is a normal answer. *)
unit OneTrans;

{$IFDEF FPC}{$mode delphi}{$H+}{$ENDIF}

interface

uses
  {$IF DEFINED(FPC) AND DEFINED(UNIX)}cwstring,{$IFEND} SysUtils;

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

{ One call: JSON in, JSON out, in the host's own string type. }
function OneTransCall(const Request: string): string;

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

function OneTransCall(const Request: string): string;
var
  InUtf8: UTF8String;
  OutPtr: PAnsiChar;
  rc: Integer;
begin
  {$IFDEF UNICODE}
  InUtf8 := UTF8Encode(Request);
  {$ELSE}
  InUtf8 := UTF8Encode(WideString(Request));  { system code page (GBK) -> UTF-8 }
  {$ENDIF}
  OutPtr := nil;
  rc := OneTrans_Call(PAnsiChar(InUtf8), @OutPtr);
  try
    {$IFDEF UNICODE}
    Result := UTF8ToString(OutPtr);
    {$ELSE}
    Result := Utf8ToAnsi(UTF8String(OutPtr));  { UTF-8 -> system code page }
    {$ENDIF}
  finally
    OneTrans_Free(OutPtr);
  end;
  if rc <> 0 then
    raise EOneTrans.Create(CodeText(rc), Result);
end;

end.
