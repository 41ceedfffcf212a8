$PBExportHeader$n_onetrans.sru
$PBExportComments$OneTrans: MobileTrans for PowerBuilder 9 (ANSI) and 10+ (Unicode)
forward
global type n_onetrans from nonvisualobject
end type
end forward

global type n_onetrans from nonvisualobject autoinstantiate
end type

type prototypes
// PowerBuilder 9 and earlier pass ANSI strings (the Windows code page: set abi.charset=GBK).
FUNCTION string MobileTrans(ref string pInData, ref string pOutData) LIBRARY "OneTrans.dll" ALIAS FOR "MobileTrans;ansi"
FUNCTION long MobileTransEx(string in, ref string out, long outCap, ref long outLen) LIBRARY "OneTrans.dll" ALIAS FOR "MobileTransEx;ansi"
FUNCTION long OneTrans_Init(string config) LIBRARY "OneTrans.dll" ALIAS FOR "OneTrans_Init;ansi"
FUNCTION string OneTrans_Version() LIBRARY "OneTrans.dll" ALIAS FOR "OneTrans_Version;ansi"
SUBROUTINE OneTrans_Cleanup() LIBRARY "OneTrans.dll" ALIAS FOR "OneTrans_Cleanup"
// PowerBuilder 10 and later pass UTF-16 strings.
FUNCTION string MobileTransW(ref string pInData, ref string pOutData) LIBRARY "OneTrans.dll" ALIAS FOR "MobileTransW"
// Inbound (1.1+): always UTF-8, whatever abi.charset says, so the text travels in blobs that
// of_utf8z fills; what the library allocates comes back as a pointer (char** -> ref long) that
// of_take copies out and hands to OneTrans_Free.
FUNCTION long OneTrans_InboundOpen(ref blob route, ref blob body, ref long out) LIBRARY "OneTrans.dll" ALIAS FOR "OneTrans_InboundOpen"
FUNCTION long OneTrans_InboundSeal(ref blob request, ref blob reply, ref long out) LIBRARY "OneTrans.dll" ALIAS FOR "OneTrans_InboundSeal"
SUBROUTINE OneTrans_Free(long p) LIBRARY "OneTrans.dll" ALIAS FOR "OneTrans_Free"
// Windows' own UTF-8 conversion: PowerBuilder 9 has no EncodingUTF8!, and this object must still
// compile there.
FUNCTION long lstrlenA(long p) LIBRARY "kernel32.dll" ALIAS FOR "lstrlenA"
SUBROUTINE RtlMoveMemory(ref blob dest, long src, long al_bytes) LIBRARY "kernel32.dll" ALIAS FOR "RtlMoveMemory"
FUNCTION long MultiByteToWideChar(ulong codepage, ulong flags, ref blob src, long srcbytes, ref blob dest, long destchars) LIBRARY "kernel32.dll" ALIAS FOR "MultiByteToWideChar"
FUNCTION long WideCharToMultiByte(ulong codepage, ulong flags, ref blob src, long srcchars, ref blob dest, long destbytes, long defaultchar, long useddefault) LIBRARY "kernel32.dll" ALIAS FOR "WideCharToMultiByte"
end prototypes

type variables
// Characters MobileTransW may write: keep equal to abi.outBufferSize in OneTrans.ini.
long il_bufsize = 8192
// The last call's return code: "000000", "000105", "000107", ...
string is_return_code
constant ulong CP_ACP = 0
constant ulong CP_UTF8 = 65001
end variables

forward prototypes
public function string of_call (string as_request)
public function integer of_inbound_open (string as_route, string as_body, ref string as_text)
public function string of_inbound_seal (string as_request, string as_reply)
private function blob of_utf8z (string as_text)
private function string of_take (long al_ptr)
end prototypes

public function string of_call (string as_request);// One call: JSON in, JSON out. Check is_return_code afterwards;
// "000107" means money may have moved: never resend, run the query named in the answer.
environment lenv_pb
string ls_in, ls_out
long ll_len, ll_rc

ls_in = as_request
GetEnvironment(lenv_pb)
if lenv_pb.PBMajorRevision >= 10 then
	ls_out = Space(il_bufsize)
	is_return_code = MobileTransW(ls_in, ls_out)
	return ls_out
end if

// PowerBuilder 9: ask for the length, then fetch the whole answer. The library keeps the
// answer for this retry, so the request is not sent twice.
ls_out = Space(il_bufsize)
ll_rc = MobileTransEx(ls_in, ls_out, il_bufsize, ll_len)
if ll_rc = 106 then
	ls_out = Space(ll_len + 1)
	ll_rc = MobileTransEx(ls_in, ls_out, ll_len + 1, ll_len)
end if
if ll_rc < 0 then
	is_return_code = String(ll_rc)
else
	is_return_code = String(ll_rc, "000000")
end if
return ls_out
end function

public function integer of_inbound_open (string as_route, string as_body, ref string as_text);// For a HIS with its own web server, which receives the platform's call itself.
// as_route: the request path under the gateway base ("yzt", "mpay/order", "amp/rechargeSettle",
// "qingyuan"); as_body: the platform's request body. Returns
//   1: as_text is the request for the HIS's handler; answer it, then of_inbound_seal;
//   0: as_text is the complete reply to send back to the platform unchanged (a refused
//      request, or a repeat answered from the journal);
//  -1: failed, is_return_code says why.
blob lb_route, lb_body
long ll_out, ll_rc

lb_route = of_utf8z(as_route)
lb_body = of_utf8z(as_body)
ll_out = 0
ll_rc = OneTrans_InboundOpen(lb_route, lb_body, ll_out)
is_return_code = String(ll_rc, "000000")
if ll_rc <> 0 and ll_out = 0 then
	as_text = ""
	return -1
end if
as_text = of_take(ll_out)
if ll_rc = 0 then return 1
if ll_rc = 105 or ll_rc = 109 then return 0
return -1
end function

public function string of_inbound_seal (string as_request, string as_reply);// as_request: what of_inbound_open gave; as_reply: the handler's reply JSON, "" when the HIS
// failed (the platform then gets its "unknown" answer for money). Returns the body to send to
// the platform; is_return_code is "000105" when as_request is not one of_inbound_open gave.
blob lb_request, lb_reply
long ll_out, ll_rc

lb_request = of_utf8z(as_request)
lb_reply = of_utf8z(as_reply)
ll_out = 0
ll_rc = OneTrans_InboundSeal(lb_request, lb_reply, ll_out)
is_return_code = String(ll_rc, "000000")
return of_take(ll_out)
end function

private function blob of_utf8z (string as_text);// as_text as UTF-8 bytes ending in NULs, for a const char* parameter.
// PB 10+ strings are UTF-16, PB 9 strings the Windows code page: both go through UTF-16.
environment lenv_pb
blob lb_ansi, lb_wide, lb_out
long ll_chars, ll_bytes, ll_zero

ll_zero = 0
ll_chars = 0
ll_bytes = 0
if IsNull(as_text) then as_text = ""
GetEnvironment(lenv_pb)
if lenv_pb.PBMajorRevision >= 10 then
	lb_wide = Blob(as_text)
	ll_chars = Len(lb_wide) / 2
elseif Len(as_text) > 0 then
	lb_ansi = Blob(as_text)
	ll_chars = MultiByteToWideChar(CP_ACP, 0, lb_ansi, Len(lb_ansi), lb_wide, 0)
	lb_wide = Blob(Space(ll_chars * 2))
	MultiByteToWideChar(CP_ACP, 0, lb_ansi, Len(lb_ansi), lb_wide, ll_chars)
end if
if ll_chars > 0 then ll_bytes = WideCharToMultiByte(CP_UTF8, 0, lb_wide, ll_chars, lb_out, 0, 0, 0)
// Space(n) is n bytes in PB 9 and 2n in PB 10+: room for the text and a 4-byte zero either way.
lb_out = Blob(Space(ll_bytes + 4))
if ll_bytes > 0 then WideCharToMultiByte(CP_UTF8, 0, lb_wide, ll_chars, lb_out, ll_bytes, 0, 0)
BlobEdit(lb_out, ll_bytes + 1, ll_zero)
return lb_out
end function

private function string of_take (long al_ptr);// The UTF-8 text the library allocated at al_ptr, as a PB string; the memory is freed here,
// so every char** the library fills goes through this function.
environment lenv_pb
blob lb_utf8, lb_wide, lb_ansi
long ll_bytes, ll_chars, ll_ansi
string ls_text

ls_text = ""
if al_ptr = 0 then return ls_text
ll_bytes = lstrlenA(al_ptr)
if ll_bytes > 0 then
	lb_utf8 = Blob(Space(ll_bytes))
	RtlMoveMemory(lb_utf8, al_ptr, ll_bytes)
	ll_chars = MultiByteToWideChar(CP_UTF8, 0, lb_utf8, ll_bytes, lb_wide, 0)
	lb_wide = Blob(Space(ll_chars * 2))
	MultiByteToWideChar(CP_UTF8, 0, lb_utf8, ll_bytes, lb_wide, ll_chars)
	lb_wide = BlobMid(lb_wide, 1, ll_chars * 2)
	GetEnvironment(lenv_pb)
	if lenv_pb.PBMajorRevision >= 10 then
		ls_text = String(lb_wide)
	else
		ll_ansi = WideCharToMultiByte(CP_ACP, 0, lb_wide, ll_chars, lb_ansi, 0, 0, 0)
		lb_ansi = Blob(Space(ll_ansi))
		WideCharToMultiByte(CP_ACP, 0, lb_wide, ll_chars, lb_ansi, ll_ansi, 0, 0)
		ls_text = String(BlobMid(lb_ansi, 1, ll_ansi))
	end if
end if
OneTrans_Free(al_ptr)
return ls_text
end function

on n_onetrans.create
call super::create
TriggerEvent( this, "constructor" )
end on

on n_onetrans.destroy
TriggerEvent( this, "destructor" )
call super::destroy
end on
