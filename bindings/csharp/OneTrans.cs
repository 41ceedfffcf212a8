// OneTrans from C# (.NET Framework 4.x, .NET 6+, Mono): one JSON request in, one JSON answer out.
//
//   var client = new OneTrans.OneTransClient();
//   string answer = client.Call("{\"transCode\":\"HOS00012\",\"data\":{...}}");
//
// A return code other than "000000" throws OneTransException (or a subclass) carrying the code
// and the answer; a platform refusal (rtCode / code != 0) is a normal answer. Thread-safe.
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
        static class StdCall
        {
            [DllImport(Lib, EntryPoint = "OneTrans_Call", CallingConvention = CallingConvention.StdCall)]
            public static extern int Call(byte[] request, out IntPtr response);
            [DllImport(Lib, EntryPoint = "OneTrans_Free", CallingConvention = CallingConvention.StdCall)]
            public static extern void Free(IntPtr p);
            [DllImport(Lib, EntryPoint = "OneTrans_Init", CallingConvention = CallingConvention.StdCall)]
            public static extern int Init(byte[] config);
            [DllImport(Lib, EntryPoint = "OneTrans_Version", CallingConvention = CallingConvention.StdCall)]
            public static extern IntPtr Version();
        }
        static class Cdecl
        {
            [DllImport(Lib, EntryPoint = "OneTrans_Call", CallingConvention = CallingConvention.Cdecl)]
            public static extern int Call(byte[] request, out IntPtr response);
            [DllImport(Lib, EntryPoint = "OneTrans_Free", CallingConvention = CallingConvention.Cdecl)]
            public static extern void Free(IntPtr p);
            [DllImport(Lib, EntryPoint = "OneTrans_Init", CallingConvention = CallingConvention.Cdecl)]
            public static extern int Init(byte[] config);
            [DllImport(Lib, EntryPoint = "OneTrans_Version", CallingConvention = CallingConvention.Cdecl)]
            public static extern IntPtr Version();
        }

        static readonly bool UseStdCall = Environment.OSVersion.Platform == PlatformID.Win32NT && IntPtr.Size == 4;

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
            string answer;
            try { answer = FromUtf8(response); }
            finally { if (UseStdCall) StdCall.Free(response); else Cdecl.Free(response); }
            if (rc != 0) throw OneTransException.For(rc, answer);
            return answer;
        }

        // Manual UTF-8 marshalling: .NET Framework 4.x has no UnmanagedType.LPUTF8Str.
        static byte[] Utf8Z(string s)
        {
            byte[] body = Encoding.UTF8.GetBytes(s ?? "");
            byte[] z = new byte[body.Length + 1];
            Buffer.BlockCopy(body, 0, z, 0, body.Length);
            return z;
        }

        static string FromUtf8(IntPtr p)
        {
            if (p == IntPtr.Zero) return "";
            int n = 0;
            while (Marshal.ReadByte(p, n) != 0) n++;
            byte[] bytes = new byte[n];
            Marshal.Copy(p, bytes, 0, n);
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
