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
end prototypes

type variables
// Characters MobileTransW may write: keep equal to abi.outBufferSize in OneTrans.ini.
long il_bufsize = 8192
// The last call's return code: "000000", "000105", "000107", ...
string is_return_code
end variables

forward prototypes
public function string of_call (string as_request)
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

on n_onetrans.create
call super::create
TriggerEvent( this, "constructor" )
end on

on n_onetrans.destroy
TriggerEvent( this, "destructor" )
call super::destroy
end on
