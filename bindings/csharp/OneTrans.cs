// OneTrans from C# (.NET Framework 4.x, .NET 6+, Mono): one JSON request in, one JSON answer out.
//
//   var client = new OneTrans.OneTransClient();
//   string answer = client.Call("{\"transCode\":\"HOS00012\",\"data\":{...}}");
//
// A return code other than "000000" throws OneTransException (or a subclass) carrying the code
// and the answer; a platform refusal (rtCode / code != 0) is a normal answer. Thread-safe.
//
// The hospital side (since 1.1): OneTransGateway answers the platforms' calls with a handler,
// OneTransInbound opens and seals them for a HIS with its own web server (README.md).
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace OneTrans
{
    public class OneTransException : Exception
    {
        public string ReturnCode { get; private set; }
        public string Response { get; private set; }
        public OneTransException(string code, string response) : base(code + ": " + response)
        {
            ReturnCode = code;
            Response = response;
        }
        internal static OneTransException For(int rc, string response)
        {
            string code = rc < 0 ? rc.ToString() : rc.ToString("D6");
            switch (code)
            {
                case "000105": return new OneTransInputException(code, response);
                case "000100": return new OneTransTransportException(code, response);
                case "000101":
                case "000102": return new OneTransVerificationException(code, response);
                case "000107": return new OneTransOutcomeUnknownException(code, response);
                default: return new OneTransException(code, response);
            }
        }
    }
    /// <summary>000105: the request was rejected before anything was sent.</summary>
    public class OneTransInputException : OneTransException { public OneTransInputException(string c, string r) : base(c, r) { } }
    /// <summary>000100: the platform could not be reached, or answered with no envelope.</summary>
    public class OneTransTransportException : OneTransException { public OneTransTransportException(string c, string r) : base(c, r) { } }
    /// <summary>000101 / 000102: the answer could not be decrypted or its signature is wrong.</summary>
    public class OneTransVerificationException : OneTransException { public OneTransVerificationException(string c, string r) : base(c, r) { } }
    /// <summary>000107: money may have moved. Never resend: run the query named in Response.</summary>
    public class OneTransOutcomeUnknownException : OneTransException { public OneTransOutcomeUnknownException(string c, string r) : base(c, r) { } }

    public sealed class OneTransClient
    {
        // "onetrans" resolves to OneTrans.dll on Windows and libonetrans.so elsewhere.
        const string Lib = "onetrans";

        // 32-bit Windows exports are __stdcall; everywhere else the C default. Host ints are 32-bit.
        internal static class StdCall
        {
            [DllImport(Lib, EntryPoint = "OneTrans_Call", CallingConvention = CallingConvention.StdCall)]
            public static extern int Call(byte[] request, out IntPtr response);
            [DllImport(Lib, EntryPoint = "OneTrans_Free", CallingConvention = CallingConvention.StdCall)]
            public static extern void Free(IntPtr p);
            [DllImport(Lib, EntryPoint = "OneTrans_Init", CallingConvention = CallingConvention.StdCall)]
            public static extern int Init(byte[] config);
            [DllImport(Lib, EntryPoint = "OneTrans_Version", CallingConvention = CallingConvention.StdCall)]
            public static extern IntPtr Version();
            [DllImport(Lib, EntryPoint = "OneTrans_LastError", CallingConvention = CallingConvention.StdCall)]
            public static extern IntPtr LastError();
            [UnmanagedFunctionPointer(CallingConvention.StdCall)]
            public delegate void Handler(IntPtr user, IntPtr request, IntPtr reply);
            [DllImport(Lib, EntryPoint = "OneTrans_Reply", CallingConvention = CallingConvention.StdCall)]
            public static extern void Reply(IntPtr reply, byte[] json);
            [DllImport(Lib, EntryPoint = "OneTrans_InboundOpen", CallingConvention = CallingConvention.StdCall)]
            public static extern int InboundOpen(byte[] route, byte[] body, out IntPtr text);
            [DllImport(Lib, EntryPoint = "OneTrans_InboundSeal", CallingConvention = CallingConvention.StdCall)]
            public static extern int InboundSeal(byte[] request, byte[] reply, out IntPtr text);
            [DllImport(Lib, EntryPoint = "OneTrans_GatewayStart", CallingConvention = CallingConvention.StdCall)]
            public static extern int GatewayStart(byte[] config, Handler handler, IntPtr user);
            [DllImport(Lib, EntryPoint = "OneTrans_GatewayAddress", CallingConvention = CallingConvention.StdCall)]
            public static extern IntPtr GatewayAddress();
            [DllImport(Lib, EntryPoint = "OneTrans_GatewayStop", CallingConvention = CallingConvention.StdCall)]
            public static extern void GatewayStop();
        }
        internal static class Cdecl
        {
            [DllImport(Lib, EntryPoint = "OneTrans_Call", CallingConvention = CallingConvention.Cdecl)]
            public static extern int Call(byte[] request, out IntPtr response);
            [DllImport(Lib, EntryPoint = "OneTrans_Free", CallingConvention = CallingConvention.Cdecl)]
            public static extern void Free(IntPtr p);
            [DllImport(Lib, EntryPoint = "OneTrans_Init", CallingConvention = CallingConvention.Cdecl)]
            public static extern int Init(byte[] config);
            [DllImport(Lib, EntryPoint = "OneTrans_Version", CallingConvention = CallingConvention.Cdecl)]
            public static extern IntPtr Version();
            [DllImport(Lib, EntryPoint = "OneTrans_LastError", CallingConvention = CallingConvention.Cdecl)]
            public static extern IntPtr LastError();
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            public delegate void Handler(IntPtr user, IntPtr request, IntPtr reply);
            [DllImport(Lib, EntryPoint = "OneTrans_Reply", CallingConvention = CallingConvention.Cdecl)]
            public static extern void Reply(IntPtr reply, byte[] json);
            [DllImport(Lib, EntryPoint = "OneTrans_InboundOpen", CallingConvention = CallingConvention.Cdecl)]
            public static extern int InboundOpen(byte[] route, byte[] body, out IntPtr text);
            [DllImport(Lib, EntryPoint = "OneTrans_InboundSeal", CallingConvention = CallingConvention.Cdecl)]
            public static extern int InboundSeal(byte[] request, byte[] reply, out IntPtr text);
            [DllImport(Lib, EntryPoint = "OneTrans_GatewayStart", CallingConvention = CallingConvention.Cdecl)]
            public static extern int GatewayStart(byte[] config, Handler handler, IntPtr user);
            [DllImport(Lib, EntryPoint = "OneTrans_GatewayAddress", CallingConvention = CallingConvention.Cdecl)]
            public static extern IntPtr GatewayAddress();
            [DllImport(Lib, EntryPoint = "OneTrans_GatewayStop", CallingConvention = CallingConvention.Cdecl)]
            public static extern void GatewayStop();
        }

        internal static readonly bool UseStdCall = Environment.OSVersion.Platform == PlatformID.Win32NT && IntPtr.Size == 4;

        /// <summary>Default configuration search (OneTrans.ini beside the DLL, ONETRANS_CONFIG, ...).</summary>
        public OneTransClient() { }

        /// <summary>config: path to an INI/JSON file, or inline JSON.</summary>
        public OneTransClient(string config)
        {
            byte[] c = Utf8Z(config);
            int rc = UseStdCall ? StdCall.Init(c) : Cdecl.Init(c);
            if (rc != 0) throw OneTransException.For(rc, "{\"message\":\"OneTrans_Init rejected the configuration\"}");
        }

        public string Version
        {
            get { return FromUtf8(UseStdCall ? StdCall.Version() : Cdecl.Version()); }
        }

        /// <summary>One call. OneTrans_Call allocates the whole answer: no buffer to size, no resend.</summary>
        public string Call(string requestJson)
        {
            IntPtr response;
            byte[] request = Utf8Z(requestJson);
            int rc = UseStdCall ? StdCall.Call(request, out response) : Cdecl.Call(request, out response);
            string answer = Take(response);
            if (rc != 0) throw OneTransException.For(rc, answer);
            return answer;
        }

        // Manual UTF-8 marshalling: .NET Framework 4.x has no UnmanagedType.LPUTF8Str.
        internal static byte[] Utf8Z(string s)
        {
            byte[] body = Encoding.UTF8.GetBytes(s ?? "");
            byte[] z = new byte[body.Length + 1];
            Buffer.BlockCopy(body, 0, z, 0, body.Length);
            return z;
        }

        // The text of an answer the library allocated, which is then freed.
        internal static string Take(IntPtr p)
        {
            try { return FromUtf8(p); }
            finally { if (UseStdCall) StdCall.Free(p); else Cdecl.Free(p); }
        }

        internal static string LastError()
        {
            return FromUtf8(UseStdCall ? StdCall.LastError() : Cdecl.LastError());
        }

        internal static string FromUtf8(IntPtr p)
        {
            if (p == IntPtr.Zero) return "";
            int n = 0;
            while (Marshal.ReadByte(p, n) != 0) n++;
            byte[] bytes = new byte[n];
            Marshal.Copy(p, bytes, 0, n);
            return Encoding.UTF8.GetString(bytes);
        }
    }

    /// <summary>
    /// The platforms' calls into the hospital, answered in this process (one gateway per process):
    /// <code>OneTransGateway.Start(request => "{\"data\":{...}}");</code>
    /// The handler gets the request JSON ({"platform","api","requestId","data"}) and returns the
    /// reply JSON ({"code","message","data"}). It runs on several gateway threads at once: shared
    /// state needs a lock. Returning null, or throwing, gives no reply: the gateway answers the
    /// platform's failure form (the "unknown" one where money moves) and logs it.
    /// </summary>
    public static class OneTransGateway
    {
        // Native code keeps these function pointers: held here for the whole process, they can
        // never be collected, not even under a late call after Stop. The handler sits behind them.
        static readonly OneTransClient.StdCall.Handler StdCallEntry = Dispatch;
        static readonly OneTransClient.Cdecl.Handler CdeclEntry = Dispatch;
        static volatile Func<string, string> handler;
        static readonly object Sync = new object();

        /// <summary>Starts with the current configuration (OneTrans.ini as for OneTransClient).</summary>
        public static void Start(Func<string, string> handler) { Start(null, handler); }

        /// <summary>config: path to an INI/JSON file, or inline JSON; it also becomes the library's configuration.</summary>
        public static void Start(string config, Func<string, string> handler)
        {
            if (handler == null) throw new ArgumentNullException("handler");
            byte[] c = config == null ? null : OneTransClient.Utf8Z(config);
            lock (Sync)
            {
                // Set first: the first call may arrive before GatewayStart returns.
                Func<string, string> previous = OneTransGateway.handler;
                OneTransGateway.handler = handler;
                int rc = OneTransClient.UseStdCall ? OneTransClient.StdCall.GatewayStart(c, StdCallEntry, IntPtr.Zero)
                                                   : OneTransClient.Cdecl.GatewayStart(c, CdeclEntry, IntPtr.Zero);
                if (rc == 0) return;
                OneTransGateway.handler = previous;  // a refused second Start leaves the running one alone
                throw OneTransException.For(rc, OneTransClient.LastError());
            }
        }

        /// <summary>"http://127.0.0.1:8088" — where the gateway listens; "" when none runs.</summary>
        public static string Address
        {
            get
            {
                lock (Sync)
                    return OneTransClient.FromUtf8(OneTransClient.UseStdCall ? OneTransClient.StdCall.GatewayAddress()
                                                                             : OneTransClient.Cdecl.GatewayAddress());
            }
        }

        /// <summary>Stops accepting and lets calls in flight finish (at most 10 s).</summary>
        public static void Stop()
        {
            lock (Sync)
            {
                if (OneTransClient.UseStdCall) OneTransClient.StdCall.GatewayStop(); else OneTransClient.Cdecl.GatewayStop();
                handler = null;
            }
        }

        static void Dispatch(IntPtr user, IntPtr request, IntPtr reply)
        {
            // An exception must not unwind into the gateway's native thread: that ends the process.
            try
            {
                Func<string, string> h = handler;
                string answer = h == null ? null : h(OneTransClient.FromUtf8(request));
                if (answer == null) return;
                byte[] json = OneTransClient.Utf8Z(answer);
                if (OneTransClient.UseStdCall) OneTransClient.StdCall.Reply(reply, json); else OneTransClient.Cdecl.Reply(reply, json);
            }
            catch
            {
                // no reply: the gateway answers the platform's failure form
            }
        }
    }

    /// <summary>For a HIS that runs its own web server: the platform's body in, the handler request
    /// out; the handler's reply in, the body to send back out. Thread-safe.</summary>
    public static class OneTransInbound
    {
        /// <summary>route: the path under the gateway base ("yzt", "mpay/order", "amp/rechargeSettle",
        /// "qingyuan"); body: the platform's request body. True: text is the request for the handler
        /// (answer it, then Seal). False: text is the complete reply to send back unchanged (a refused
        /// request, or a repeat answered from the journal). Anything else throws OneTransException.</summary>
        public static bool Open(string route, string body, out string text)
        {
            IntPtr p;
            byte[] r = OneTransClient.Utf8Z(route), b = OneTransClient.Utf8Z(body);
            int rc = OneTransClient.UseStdCall ? OneTransClient.StdCall.InboundOpen(r, b, out p)
                                               : OneTransClient.Cdecl.InboundOpen(r, b, out p);
            bool answered = p != IntPtr.Zero;
            string why = rc != 0 ? OneTransClient.LastError() : "";  // before the next call into the library
            text = OneTransClient.Take(p);
            if (rc == 0) return true;
            if (answered && (rc == 105 || rc == 109)) return false;
            throw OneTransException.For(rc, text.Length > 0 ? text : why);
        }

        /// <summary>request: what Open gave; reply: the handler's reply, or null when the HIS failed.
        /// Returns the body to send to the platform (signed / encrypted as it needs).</summary>
        public static string Seal(string request, string reply)
        {
            IntPtr p;
            byte[] q = OneTransClient.Utf8Z(request), r = reply == null ? null : OneTransClient.Utf8Z(reply);
            int rc = OneTransClient.UseStdCall ? OneTransClient.StdCall.InboundSeal(q, r, out p)
                                               : OneTransClient.Cdecl.InboundSeal(q, r, out p);
            string why = rc != 0 ? OneTransClient.LastError() : "";  // before the next call into the library
            string text = OneTransClient.Take(p);
            if (rc != 0) throw OneTransException.For(rc, text.Length > 0 ? text : why);
            return text;
        }
    }
}
