$PBExportHeader$w_example.srw
$PBExportComments$OneTrans example: sign-status query (HOS00001) from a PowerBuilder window
forward
global type w_example from window
end type
type cb_query from commandbutton within w_example
end type
type mle_answer from multilineedit within w_example
end type
end forward

global type w_example from window
integer width = 2400
integer height = 1400
string title = "OneTrans 签约查询"
cb_query cb_query
mle_answer mle_answer
end type
global w_example w_example

type cb_query from commandbutton within w_example
integer x = 40
integer y = 40
integer width = 600
integer height = 100
string text = "签约查询 HOS00001"
end type

event clicked;n_onetrans ln_ot
string ls_request, ls_answer

ls_request = '{"transCode":"HOS00001","data":{"idNo":"441802198708081050","idType":"01",' + &
	'"userName":"张三丰","hospitalId":"QYH44180200001","cityCode":"441800","treatmentSerialNo":"ZY0001"}}'
ls_answer = ln_ot.of_call(ls_request)
if ln_ot.is_return_code <> "000000" then
	MessageBox("OneTrans", "返回码 " + ln_ot.is_return_code + "~r~n" + ls_answer)
	return
end if
mle_answer.text = ls_answer
end event

type mle_answer from multilineedit within w_example
integer x = 40
integer y = 180
integer width = 2300
integer height = 1100
end type
