{ The hospital side through the Delphi / Free Pascal shim: a handler in this program answers
  公众号 (医保移动支付) MPAY_001 下单 and MPAY_002 结算回写; the gateway in the library speaks to the
  platform. Free Pascal on Linux (fcl-web, fcl-json):
    ./inbound SANDBOX_URL MPAY_TOKEN        (OneTrans.ini with [gateway.mpay] in the working directory)
  The sandbox plays the 公众号: POST /sandbox/drive makes it call this gateway, GET /sandbox/inbound
  says what it got back. A burst of orders sent at once runs the handler on many gateway threads,
  which the Pascal RTL did not create. }
program inbound;

{$IFDEF FPC}{$mode delphi}{$H+}{$codepage utf8}{$ENDIF}  { the literals below are UTF-8, as fcl-json's strings }
{$APPTYPE CONSOLE}

uses
  {$IFDEF UNIX}cthreads,{$ENDIF}  { first: the gateway's threads need the RTL's thread support }
  Classes, SysUtils, SyncObjs, fphttpclient, fpjson, jsonparser, OneTrans;

const
  BurstSize = 16;

var
  { The HIS's state. The handler runs on several gateway threads at once: every access locks. }
  Lock: TCriticalSection;
  Orders: TStringList;         { medOrgOrd=TOTAL }
  Calls: TStringList;          { api=count }
  Threads: TStringList;        { the threads the handler ran on }
  InFlight, MostInFlight: Integer;
  Failures: Integer = 0;

function Reply(Code: Integer; const Message: string; Data: TJSONObject): string;
var
  J: TJSONObject;
begin
  J := TJSONObject.Create(['code', Code, 'message', Message, 'data', Data]);
  try
    Result := J.AsJSON;
  finally
    J.Free;
  end;
end;

function Handle(const Request: string): string;
var
  J, D: TJSONObject;
  Api, Order, Total: string;
  N: Integer;
begin
  J := GetJSON(Request) as TJSONObject;
  try
    Api := J.Get('api', '');
    D := J.Objects['data'];
    Order := D.Get('medOrgOrd', '');
    Lock.Enter;
    try
      Calls.Values[Api] := IntToStr(StrToIntDef(Calls.Values[Api], 0) + 1);
      if Threads.IndexOf(IntToStr(PtrUInt(GetCurrentThreadId))) < 0 then
        Threads.Add(IntToStr(PtrUInt(GetCurrentThreadId)));
      Inc(InFlight);
      if InFlight > MostInFlight then MostInFlight := InFlight;
    finally
      Lock.Leave;
    end;
    try
      if Copy(Order, 1, 4) = 'BOOM' then
        raise Exception.Create('HIS 数据库不可用');
      Result := '';  { not ours: no reply }
      if Api = 'MPAY_001' then
      begin
        Sleep(200);  { a HIS looking up prescriptions: lets the burst overlap }
        if D.Get('PATIENT_NAME', '') <> '张三丰' then
          Exit(Reply(-1, '患者姓名不符：' + D.Get('PATIENT_NAME', ''), TJSONObject.Create));
        Total := D.Get('TOTAL', '');
        Lock.Enter;
        try
          Orders.Values[Order] := Total;
        finally
          Lock.Leave;
        end;
        Result := Reply(0, '下单成功', TJSONObject.Create(['payOrdId', 'ORD' + Order, 'medOrgOrd', Order,
          'feeSumamt', Total, 'ownPayAmt', Total, 'psnAcctPay', '0.00', 'fundPay', '0.00', 'patientTypeId', '1',
          'iptOtpNo', 'MZ' + Order, 'balance', '0.00', 'siPersonalNo', '44180000000104679119']));
      end
      else if Api = 'MPAY_002' then
      begin
        Lock.Enter;
        try
          N := Orders.IndexOfName(Order);
          if N >= 0 then Total := Orders.ValueFromIndex[N];
        finally
          Lock.Leave;
        end;
        if N < 0 then
          Exit(Reply(-1, '无此订单 ' + Order, TJSONObject.Create));
        Result := Reply(0, '结算成功', TJSONObject.Create(['payOrdId', D.Get('payOrdId', ''), 'medOrgOrd', Order,
          'traceTime', FormatDateTime('yyyy-mm-dd hh:nn:ss', Now), 'setlType', 'ALL', 'feeSumamt', Total,
          'ownPayAmt', Total, 'psnAcctPay', '0.00', 'fundPay', '0.00']));
      end;
    finally
      Lock.Enter;
      Dec(InFlight);
      Lock.Leave;
    end;
  finally
    J.Free;
  end;
end;

function Http(const Url, Body, Token: string): string;
var
  C: TFPHTTPClient;
  S: TMemoryStream;
  U: UTF8String;
begin
  C := TFPHTTPClient.Create(nil);
  S := TMemoryStream.Create;
  try
    if Token <> '' then C.AddHeader('X-OneTrans-Token', Token);
    if Body = '' then
      Result := C.Get(Url)
    else
    begin
      U := UTF8String(Body);
      S.WriteBuffer(PAnsiChar(U)^, Length(U));
      S.Position := 0;
      C.AddHeader('Content-Type', 'application/json; charset=UTF-8');
      C.RequestBody := S;
      Result := C.Post(Url);
    end;
  finally
    S.Free;
    C.Free;
  end;
end;

function Count(const Text, What: string): Integer;
var
  At: Integer;
begin
  Result := 0;
  At := Pos(What, Text);
  while At > 0 do
  begin
    Inc(Result);
    At := Pos(What, Text, At + 1);
  end;
end;

procedure Check(Ok: Boolean; const What: string);
begin
  if Ok then WriteLn('ok    ', What) else WriteLn('FAIL  ', What);
  if not Ok then Inc(Failures);
end;

function OrderBody(const MedOrgOrd: string): string;
begin
  Result := '{"payAuthNo":"AUTH' + MedOrgOrd + '","uldLatlnt":"113.056031,23.681763","PATIENT_ID":"P0001",' +
    '"CATEGORY":"2","ORDER_ID":"RX0001","ID_NO":"441802198708081050","PATIENT_NAME":"张三丰",' +
    '"medOrgOrd":"' + MedOrgOrd + '","TOTAL":"12.50"}';
end;

type
  { One order of the burst, sent from a thread of its own. }
  TOrder = class(TThread)
  public
    Url, Body, Token, Answer: string;
    procedure Execute; override;
  end;

procedure TOrder.Execute;
begin
  try
    Answer := Http(Url, Body, Token);
  except
    on E: Exception do Answer := E.Message;
  end;
end;

var
  Sandbox, Token, Gateway, Seen, Text, Sealed, Stamp: string;
  Burst: array[1..BurstSize] of TOrder;
  I, Good, N: Integer;
  IsRequest: Boolean;
begin
  if ParamCount <> 2 then
  begin
    WriteLn('usage: inbound SANDBOX_URL MPAY_TOKEN');
    Halt(2);
  end;
  Sandbox := ParamStr(1);
  Token := ParamStr(2);
  Lock := TCriticalSection.Create;
  Orders := TStringList.Create;
  Calls := TStringList.Create;
  Threads := TStringList.Create;
  Stamp := FormatDateTime('hhnnsszzz', Now);

  OneTransGatewayStart(Handle);
  Gateway := OneTransGatewayAddress;
  WriteLn('gateway listening on ', Gateway);
  try
    { 1. The 公众号's two calls, as the sandbox makes them. }
    Http(Sandbox + '/sandbox/drive', '{"flow":"mpay","hospitalUrl":"' + Gateway + '"}', '');
    for I := 1 to 150 do
    begin
      Seen := Http(Sandbox + '/sandbox/inbound', '', '');
      if Pos('"pending":0', Seen) > 0 then Break;
      Sleep(100);
    end;
    WriteLn('sandbox saw: ', Seen);
    N := Count(Seen, '"seq":');
    Check(Pos('"pending":0', Seen) > 0, 'the sandbox''s calls finished');
    Check((N = 2) and (Count(Seen, '"ok":true') = N) and (Count(Seen, '"verified":true') = N),
      'MPAY_001 and MPAY_002 answered ok and verified (' + IntToStr(N) + ' calls)');
    Check(Pos('"message":"下单成功"', Seen) > 0, 'the handler''s Chinese message reached the platform');
    Check((Calls.Values['MPAY_001'] <> '') and (Calls.Values['MPAY_002'] <> ''), 'the handler answered both');

    { 2. A burst of orders at once: the gateway calls the handler on many threads. }
    for I := 1 to BurstSize do
    begin
      Burst[I] := TOrder.Create(True);
      Burst[I].Url := Gateway + '/mpay/order';
      Burst[I].Body := OrderBody('PAS' + Stamp + 'N' + IntToStr(I));
      Burst[I].Token := Token;
      Burst[I].Start;
    end;
    Good := 0;
    for I := 1 to BurstSize do
    begin
      Burst[I].WaitFor;
      if (Pos('"CODE":0', Burst[I].Answer) > 0) and (Pos('"payOrdId":"ORDPAS', Burst[I].Answer) > 0) then Inc(Good);
      Burst[I].Free;
    end;
    Check(Good = BurstSize, IntToStr(Good) + '/' + IntToStr(BurstSize) + ' orders of the burst answered CODE 0');
    Lock.Enter;
    Check(MostInFlight >= 2, 'the handler ran ' + IntToStr(MostInFlight) + ' calls at once');
    Check(Threads.Count >= 2, 'on ' + IntToStr(Threads.Count) + ' different threads');
    Lock.Leave;

    { 3. A handler that raises: the exception stays in Pascal, the platform gets the failure form. }
    Text := Http(Gateway + '/mpay/order', OrderBody('BOOM' + Stamp), Token);
    WriteLn('raising handler -> ', Text);
    Check(Pos('"CODE":-1', Text) > 0, 'a raising handler gives the platform CODE -1, the program lives on');

    { 4. The codec, for a HIS with its own web server: open, answer, seal. }
    IsRequest := OneTransInboundOpen('mpay/order', OrderBody('CODEC' + Stamp), Text);
    Check(IsRequest and (Pos('"api":"MPAY_001"', Text) > 0), 'Open gives the handler request: ' + Text);
    Sealed := OneTransInboundSeal(Text, Handle(Text));
    Check((Pos('"CODE":0', Sealed) > 0) and (Pos('"MSG":"下单成功"', Sealed) > 0), 'Seal gives the body to send: ' + Sealed);
    IsRequest := OneTransInboundOpen('mpay/order', 'not json', Text);
    Check(not IsRequest and (Pos('"CODE":-1', Text) > 0), 'a refused body gives the reply to send back: ' + Text);
    try
      OneTransInboundSeal('{"api":"forged"}', '{}');
      Check(False, 'Seal of a request Open never gave must raise');
    except
      on E: EOneTrans do Check(E.ReturnCode = '000105', 'Seal of a forged request raises ' + E.ReturnCode);
    end;
  finally
    OneTransGatewayStop;
  end;
  Check(OneTransGatewayAddress = '', 'stopped');
  if Failures = 0 then WriteLn('inbound OK') else WriteLn(Failures, ' check(s) FAILED');
  Threads.Free;
  Calls.Free;
  Orders.Free;
  Lock.Free;
  if Failures <> 0 then Halt(1);
end.
