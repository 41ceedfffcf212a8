// A Qingyuan and an AMP call through the C# shim (OneTrans.ini in the working directory).
using System;
using OneTrans;

class Example
{
    static int Main()
    {
        var client = new OneTransClient();
        Console.WriteLine("OneTrans " + client.Version);
        string sign = client.Call("{\"transCode\":\"HOS00001\",\"data\":{\"idNo\":\"441802198708081050\",\"idType\":\"01\"," +
            "\"userName\":\"张三丰\",\"hospitalId\":\"QYH44180200001\",\"cityCode\":\"441800\",\"treatmentSerialNo\":\"ZY0001\"}}");
        Console.WriteLine("HOS00001 -> " + sign);
        string push = client.Call("{\"api\":\"pushMsg\",\"data\":{\"appType\":\"03\",\"medOrgOrd\":\"CS" + DateTime.Now.Ticks +
            "\",\"orgCode\":\"H35010200227\",\"patientName\":\"周大鹏\",\"idType\":\"01\",\"idNo\":\"460029196507081627\"," +
            "\"pushType\":\"HOSPITAL_APPOINTMENT\"}}");
        Console.WriteLine("pushMsg  -> " + push);
        try
        {
            client.Call("{\"transCode\":\"HOS00012\",\"data\":{}}");
            Console.WriteLine("bad input was accepted");
            return 1;
        }
        catch (OneTransInputException e)
        {
            Console.WriteLine("rejected -> " + e.ReturnCode);
        }
        return sign.Contains("\"signStatus\":\"1\"") && push.Contains("\"response\":\"SUCCESS\"") ? 0 : 1;
    }
}
