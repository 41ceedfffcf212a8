// The hospital side through the C# shim: a handler in this program answers 公众号 (医保移动支付)
// MPAY_001 下单 and MPAY_002 结算回写; the gateway in the library speaks to the platform.
//   mono inbound.exe SANDBOX_URL MPAY_TOKEN        (OneTrans.ini with [gateway.mpay] in the working directory)
// The sandbox plays the 公众号: POST /sandbox/drive makes it call this gateway, GET /sandbox/inbound
// says what it got back. A burst of orders sent at once shows the handler on several threads.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using OneTrans;

class Inbound
{
    // The HIS's state. The handler runs on several gateway threads at once: every access locks.
    static readonly object Sync = new object();
    static readonly Dictionary<string, string> Orders = new Dictionary<string, string>();  // medOrgOrd -> TOTAL
    static readonly Dictionary<string, int> Calls = new Dictionary<string, int>();
    static readonly HashSet<int> Threads = new HashSet<int>();
    static int inFlight, mostInFlight;

    static string Handle(string request)
    {
        string api = Field(request, "api"), order = Field(request, "medOrgOrd");
        lock (Sync)
        {
            Calls[api] = (Calls.ContainsKey(api) ? Calls[api] : 0) + 1;
            Threads.Add(Thread.CurrentThread.ManagedThreadId);
            mostInFlight = Math.Max(mostInFlight, ++inFlight);
        }
        try
        {
            if (order.StartsWith("BOOM")) throw new InvalidOperationException("HIS 数据库不可用");
            if (api == "MPAY_001")
            {
                Thread.Sleep(200);  // a HIS looking up prescriptions: lets the burst overlap
                if (Field(request, "PATIENT_NAME") != "张三丰") return Error("患者姓名不符：" + Field(request, "PATIENT_NAME"));
                string total = Field(request, "TOTAL");
                lock (Sync) Orders[order] = total;
                return "{\"code\":0,\"message\":\"下单成功\",\"data\":{\"payOrdId\":\"ORD" + order + "\",\"medOrgOrd\":\"" + order +
                       "\",\"feeSumamt\":\"" + total + "\",\"ownPayAmt\":\"" + total + "\",\"psnAcctPay\":\"0.00\",\"fundPay\":\"0.00\"," +
                       "\"patientTypeId\":\"1\",\"iptOtpNo\":\"MZ" + order + "\",\"balance\":\"0.00\",\"siPersonalNo\":\"44180000000104679119\"}}";
            }
            if (api == "MPAY_002")
            {
                string total;
                lock (Sync) if (!Orders.TryGetValue(order, out total)) return Error("无此订单 " + order);
                return "{\"code\":0,\"message\":\"结算成功\",\"data\":{\"payOrdId\":\"" + Field(request, "payOrdId") + "\",\"medOrgOrd\":\"" +
                       order + "\",\"traceTime\":\"" + DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss") + "\",\"setlType\":\"ALL\"," +
                       "\"feeSumamt\":\"" + total + "\",\"ownPayAmt\":\"" + total + "\",\"psnAcctPay\":\"0.00\",\"fundPay\":\"0.00\"}}";
            }
            return null;  // not ours: no reply
        }
        finally
        {
            lock (Sync) inFlight--;
        }
    }

    static string Error(string message) { return "{\"code\":-1,\"message\":\"" + message + "\",\"data\":{}}"; }

    // A string field of a JSON text; enough for this example (a HIS would use its JSON library).
    static string Field(string json, string name)
    {
        Match m = Regex.Match(json, "\"" + name + "\"\\s*:\\s*\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : "";
    }

    static int Count(string text, string what) { return Regex.Matches(text, Regex.Escape(what)).Count; }

    static string Http(string method, string url, string body, string token)
    {
        var req = (HttpWebRequest)WebRequest.Create(url);
        req.Method = method;
        req.Proxy = null;  // loopback only
        if (token != null) req.Headers["X-OneTrans-Token"] = token;
        if (body != null)
        {
            byte[] b = Encoding.UTF8.GetBytes(body);
            req.ContentType = "application/json; charset=UTF-8";
            using (Stream s = req.GetRequestStream()) s.Write(b, 0, b.Length);
        }
        using (var res = (HttpWebResponse)req.GetResponse())
        using (var r = new StreamReader(res.GetResponseStream(), Encoding.UTF8))
            return r.ReadToEnd();
    }

    static int failures;
    static void Check(bool ok, string what)
    {
        Console.WriteLine((ok ? "ok    " : "FAIL  ") + what);
        if (!ok) failures++;
    }

    static string OrderBody(string medOrgOrd)
    {
        return "{\"payAuthNo\":\"AUTH" + medOrgOrd + "\",\"uldLatlnt\":\"113.056031,23.681763\",\"PATIENT_ID\":\"P0001\"," +
               "\"CATEGORY\":\"2\",\"ORDER_ID\":\"RX0001\",\"ID_NO\":\"441802198708081050\",\"PATIENT_NAME\":\"张三丰\"," +
               "\"medOrgOrd\":\"" + medOrgOrd + "\",\"TOTAL\":\"12.50\"}";
    }

    static int Main(string[] args)
    {
        if (args.Length != 2) { Console.WriteLine("usage: inbound.exe SANDBOX_URL MPAY_TOKEN"); return 2; }
        string sandbox = args[0].TrimEnd('/'), token = args[1];
        ServicePointManager.DefaultConnectionLimit = 16;  // .NET's default of 2 per host would serialise the burst

        OneTransGateway.Start(Handle);
        string gateway = OneTransGateway.Address;
        Console.WriteLine("gateway listening on " + gateway);
        try
        {
            // 1. The 公众号's two calls, as the sandbox makes them.
            Http("POST", sandbox + "/sandbox/drive", "{\"flow\":\"mpay\",\"hospitalUrl\":\"" + gateway + "\"}", null);
            string inbound = "";
            for (int i = 0; i < 150; i++)
            {
                inbound = Http("GET", sandbox + "/sandbox/inbound", null, null);
                if (inbound.Contains("\"pending\":0")) break;
                Thread.Sleep(100);
            }
            Console.WriteLine("sandbox saw: " + inbound);
            int n = Count(inbound, "\"seq\":");
            Check(inbound.Contains("\"pending\":0"), "the sandbox's calls finished");
            Check(n == 2 && Count(inbound, "\"ok\":true") == n && Count(inbound, "\"verified\":true") == n,
                  "MPAY_001 and MPAY_002 answered ok and verified (" + n + " calls)");
            Check(inbound.Contains("\"message\":\"下单成功\""), "the handler's Chinese message reached the platform");
            lock (Sync) Check(Calls.ContainsKey("MPAY_001") && Calls.ContainsKey("MPAY_002"), "the handler answered both");

            // 2. A burst of orders at once: the gateway calls the handler on several threads.
            var burst = new List<Thread>();
            var answers = new string[6];
            for (int i = 0; i < answers.Length; i++)
            {
                int k = i;
                var t = new Thread(() =>
                {
                    try { answers[k] = Http("POST", gateway + "/mpay/order", OrderBody("CS" + DateTime.Now.Ticks + "N" + k), token); }
                    catch (Exception e) { answers[k] = e.Message; }
                });
                burst.Add(t);
                t.Start();
            }
            foreach (var t in burst) t.Join();
            int good = 0;
            foreach (string a in answers) if (a.Contains("\"CODE\":0") && a.Contains("\"payOrdId\":\"ORDCS")) good++;
            Check(good == answers.Length, good + "/" + answers.Length + " orders of the burst answered CODE 0");
            lock (Sync)
            {
                Check(mostInFlight >= 2, "the handler ran " + mostInFlight + " calls at once");
                Check(Threads.Count >= 2, "on " + Threads.Count + " different threads");
            }

            // 3. A handler that throws: the exception stays in C#, the platform gets the failure form.
            string boom = Http("POST", gateway + "/mpay/order", OrderBody("BOOM" + DateTime.Now.Ticks), token);
            Console.WriteLine("throwing handler -> " + boom);
            Check(boom.Contains("\"CODE\":-1"), "a throwing handler gives the platform CODE -1, the process lives on");

            // 4. The codec, for a HIS with its own web server: open, answer, seal.
            string text;
            bool isRequest = OneTransInbound.Open("mpay/order", OrderBody("CODEC" + DateTime.Now.Ticks), out text);
            Check(isRequest && Field(text, "api") == "MPAY_001", "Open gives the handler request: " + text);
            string sealedBody = OneTransInbound.Seal(text, Handle(text));
            Check(sealedBody.Contains("\"CODE\":0") && sealedBody.Contains("\"MSG\":\"下单成功\""), "Seal gives the body to send: " + sealedBody);
            isRequest = OneTransInbound.Open("mpay/order", "not json", out text);
            Check(!isRequest && text.Contains("\"CODE\":-1"), "a refused body gives the reply to send back: " + text);
            try
            {
                OneTransInbound.Seal("{\"api\":\"forged\"}", "{}");
                Check(false, "Seal of a request Open never gave must throw");
            }
            catch (OneTransInputException e)
            {
                Check(e.ReturnCode == "000105", "Seal of a forged request throws " + e.ReturnCode);
            }
        }
        finally
        {
            OneTransGateway.Stop();
        }
        Check(OneTransGateway.Address == "", "stopped");
        Console.WriteLine(failures == 0 ? "inbound OK" : failures + " check(s) FAILED");
        return failures == 0 ? 0 : 1;
    }
}
