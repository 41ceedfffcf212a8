{ A Qingyuan and an AMP call through the Delphi shim (OneTrans.ini in the working directory). }
program example;

{$IFDEF FPC}{$mode delphi}{$H+}{$ENDIF}
{$APPTYPE CONSOLE}

uses
  SysUtils, OneTrans;

var
  Sign, Push: string;
begin
  WriteLn('OneTrans ', OneTrans_Version);
  Sign := OneTransCall('{"transCode":"HOS00001","data":{"idNo":"441802198708081050","idType":"01",' +
    '"userName":"张三丰","hospitalId":"QYH44180200001","cityCode":"441800","treatmentSerialNo":"ZY0001"}}');
  WriteLn('HOS00001 -> ', Sign);
  Push := OneTransCall('{"api":"pushMsg","data":{"appType":"03","medOrgOrd":"PAS' + IntToStr(Random(1000000000)) +
    FormatDateTime('hhnnsszzz', Now) + '","orgCode":"H35010200227","patientName":"周大鹏","idType":"01",' +
    '"idNo":"460029196507081627","pushType":"HOSPITAL_APPOINTMENT"}}');
  WriteLn('pushMsg  -> ', Push);
  try
    OneTransCall('{"transCode":"HOS00012","data":{}}');
    WriteLn('bad input was accepted');
    Halt(1);
  except
    on E: EOneTrans do WriteLn('rejected -> ', E.ReturnCode);
  end;
  if (Pos('"signStatus":"1"', Sign) = 0) or (Pos('"response":"SUCCESS"', Push) = 0) then Halt(1);
end.
