-- A small HIS in PostgreSQL, as a hospital would expose it to OneTrans's ODBC handler (seed 000,
-- "存储过程-中间表(视图) 方式"): one-row answers from functions, rows from views. Result
-- columns are named after the catalog's response fields; PostgreSQL folds them to lower case,
-- which the handler matches case-insensitively. tests/db/his_pg.ini holds the statements.

-- 一帐通 op_query_card_list (rows: a view).
CREATE VIEW v_yzt_card_list AS
SELECT c.card_type AS cardType, c.card_no AS cardNo, p.patient_type AS patientType, p.patient_id AS hisCustId,
       b.balance AS balance, p.id_type AS idType, c.status AS status, p.id_no AS idNo, p.name AS userName,
       p.sex AS userSex, c.account_type AS accountType, p.phone AS phone, c.auth_level AS authlevel
  FROM cards c JOIN patients p USING (patient_id) JOIN balances b USING (card_no);

-- 一帐通 op_query_card_trail (rows, newest first, a page of them).
CREATE VIEW v_yzt_card_trail AS
SELECT t.hospital_id AS hospitalId, t.hospital_name AS hospitalName, t.depart_id AS departId, t.depart_name AS departName,
       t.doctor_id AS doctorId, t.doctor_name AS doctorName, t.card_no AS cardNo, c.card_type AS cardType,
       t.use_type AS useType, t.use_channel AS useChannel, t.amount AS amount,
       to_char(t.record_time, 'YYYY-MM-DD HH24:MI:SS') AS recordTime, t.reg_no AS regNo, t.report_url AS reportUrl,
       p.id_no, p.id_type, t.record_time, t.id
  FROM card_trail t JOIN cards c USING (card_no) JOIN patients p USING (patient_id);

CREATE FUNCTION yzt_card_trail(p_id_no TEXT, p_id_type TEXT, p_start TEXT, p_end TEXT, p_start_row TEXT, p_end_row TEXT,
                               p_use_type TEXT)
RETURNS SETOF v_yzt_card_trail LANGUAGE sql STABLE AS $$
  SELECT t.* FROM v_yzt_card_trail t
   WHERE (p_id_no IS NULL OR t.id_no = p_id_no) AND (p_id_type IS NULL OR t.id_type = p_id_type)
     AND (p_use_type IS NULL OR t.usetype = p_use_type)
     AND (p_start IS NULL OR t.record_time >= to_date(p_start, 'YYYYMMDD'))
     AND (p_end IS NULL OR t.record_time < to_date(p_end, 'YYYYMMDD') + 1)
   ORDER BY t.record_time DESC, t.id DESC
  OFFSET COALESCE(NULLIF(p_start_row, '')::INT, 1) - 1
   LIMIT COALESCE(NULLIF(p_end_row, '')::INT, 1000000) - COALESCE(NULLIF(p_start_row, '')::INT, 1) + 1
$$;

-- 一帐通 op_yjj_account_transfer_in: balances of the person's other cards into one card, once
-- per traceNoIn. A repeat (or a concurrent twin, which waits for the first) answers as the
-- first did.
CREATE FUNCTION yzt_transfer_in(p_trace_no_in TEXT, p_to_card_no TEXT, p_from_card_no TEXT, p_from_number TEXT,
                                p_id_no TEXT, p_user_name TEXT, p_channel_type TEXT, p_operator_id TEXT)
RETURNS TABLE (retCode TEXT, retMsg TEXT, toCardBalance NUMERIC, callSn TEXT, traceNoIn TEXT, listFormat TEXT,
               fromCardList TEXT)
LANGUAGE plpgsql AS $$
DECLARE
  v_patient TEXT;
  v_cards TEXT[];
  v_amounts NUMERIC[];
  v_amount NUMERIC;
  v_total NUMERIC := 0;
  v_list JSONB := '[]';
  v_left NUMERIC;
  v_sn TEXT;
  v_balance NUMERIC;
  i INT;
BEGIN
  SELECT c.patient_id INTO v_patient
    FROM cards c JOIN patients p USING (patient_id)
   WHERE c.card_no = p_to_card_no AND p.id_no = p_id_no AND p.name = p_user_name AND c.status = '1';
  IF v_patient IS NULL THEN
    RETURN QUERY SELECT '01'::TEXT, '到账卡不存在、状态异常或与证件号、姓名不符'::TEXT, NULL::NUMERIC, NULL::TEXT,
                        p_trace_no_in, 'JSON'::TEXT, '[]'::TEXT;
    RETURN;
  END IF;
  -- The person's cards are locked first: a concurrent twin waits here, then finds the transfer.
  PERFORM 1 FROM balances b JOIN cards c USING (card_no) WHERE c.patient_id = v_patient ORDER BY b.card_no FOR UPDATE OF b;
  RETURN QUERY SELECT '00'::TEXT, '转入成功'::TEXT, t.to_balance, t.call_sn::TEXT, t.trace_no_in::TEXT, 'JSON'::TEXT,
                      t.from_card_list FROM transfers t WHERE t.trace_no_in = p_trace_no_in;
  IF FOUND THEN
    RETURN;
  END IF;
  IF COALESCE(p_from_card_no, '') = '' THEN
    SELECT array_agg(c.card_no ORDER BY c.card_no) INTO v_cards
      FROM cards c JOIN balances b USING (card_no)
     WHERE c.patient_id = v_patient AND c.card_no <> p_to_card_no AND b.balance > 0;
  ELSE
    v_cards := string_to_array(p_from_card_no, ',');
  END IF;
  IF v_cards IS NULL OR EXISTS (SELECT 1 FROM unnest(v_cards) f
                                 WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.card_no = f AND c.patient_id = v_patient)
                                    OR f = p_to_card_no) THEN
    RETURN QUERY SELECT '01'::TEXT, '转出卡不存在、不属于本人或没有余额'::TEXT, NULL::NUMERIC, NULL::TEXT,
                        p_trace_no_in, 'JSON'::TEXT, '[]'::TEXT;
    RETURN;
  END IF;
  IF COALESCE(p_from_number, '') <> '' THEN
    v_amounts := string_to_array(p_from_number, ',')::NUMERIC[];
    IF array_length(v_amounts, 1) <> array_length(v_cards, 1) THEN
      RETURN QUERY SELECT '01'::TEXT, '转出金额与转出卡数量不一致'::TEXT, NULL::NUMERIC, NULL::TEXT,
                          p_trace_no_in, 'JSON'::TEXT, '[]'::TEXT;
      RETURN;
    END IF;
  END IF;
  v_sn := 'ZR' || to_char(LOCALTIMESTAMP, 'YYYYMMDD') || lpad(nextval('transfer_sn')::TEXT, 8, '0');
  INSERT INTO transfers (trace_no_in, call_sn, to_card_no, amount, channel_type, operator_id)
  VALUES (p_trace_no_in, v_sn, p_to_card_no, 0, p_channel_type, p_operator_id);
  FOR i IN 1 .. array_length(v_cards, 1) LOOP
    SELECT b.balance INTO v_amount FROM balances b WHERE b.card_no = v_cards[i];
    IF v_amounts IS NOT NULL THEN
      v_amount := v_amounts[i];
    END IF;
    -- No check of the balance here: balances' CHECK refuses an overdraft (and fails the call).
    UPDATE balances b SET balance = b.balance - v_amount WHERE b.card_no = v_cards[i] RETURNING b.balance INTO v_left;
    v_total := v_total + v_amount;
    v_list := v_list || jsonb_build_object('cardNo', v_cards[i],
                                           'cardType', (SELECT c.card_type FROM cards c WHERE c.card_no = v_cards[i]),
                                           'balance', to_char(v_left, 'FM999999990.00'));
  END LOOP;
  UPDATE balances b SET balance = b.balance + v_total WHERE b.card_no = p_to_card_no RETURNING b.balance INTO v_balance;
  UPDATE transfers t SET amount = v_total, to_balance = v_balance, from_card_list = v_list::TEXT
   WHERE t.trace_no_in = p_trace_no_in;
  RETURN QUERY SELECT '00'::TEXT, '转入成功'::TEXT, v_balance, v_sn, p_trace_no_in, 'JSON'::TEXT, v_list::TEXT;
END $$;

-- 一帐通 op_query_transfer_in_result: by traceNoIn; "notfound" (never "fail") when absent.
CREATE FUNCTION yzt_transfer_result(p_trace_no_in TEXT)
RETURNS TABLE (retCode TEXT, retMsg TEXT, callSn TEXT, toCardBalance NUMERIC, result TEXT, resultDesc TEXT, origTraceTime TEXT)
LANGUAGE sql STABLE AS $$
  SELECT '00', '查询成功', t.call_sn::TEXT, t.to_balance, 'succ', '转入成功',
         to_char(t.created_at, 'YYYY-MM-DD HH24:MI:SS')
    FROM transfers t WHERE t.trace_no_in = p_trace_no_in
  UNION ALL
  SELECT '00', '查询成功', NULL, NULL, 'notfound', '交易记录不存在', NULL
   WHERE NOT EXISTS (SELECT 1 FROM transfers t WHERE t.trace_no_in = p_trace_no_in)
$$;

-- 一帐通 op_certification_level: the card exists and is usable: strong real-name from now on.
CREATE FUNCTION yzt_certification(p_card_no TEXT)
RETURNS TABLE (retCode TEXT, retMsg TEXT) LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cards SET auth_level = '1' WHERE card_no = p_card_no AND status = '1';
  IF FOUND THEN
    RETURN QUERY SELECT '00'::TEXT, '强实名认证成功'::TEXT;
  ELSE
    RETURN QUERY SELECT '01'::TEXT, '卡号不存在或卡状态异常'::TEXT;
  END IF;
END $$;

-- AMP ORG_001: the patient (head row) and his cards (rows).
CREATE FUNCTION org_query_account(p_cert_no TEXT, p_mdtrt_cert_type TEXT, p_mdtrt_cert_no TEXT, p_account_type TEXT)
RETURNS TABLE (ret_code TEXT, ret_msg TEXT, psn_no TEXT, mdtrt_cert_type TEXT, mdtrt_cert_no TEXT, patient_type TEXT,
               his_cust_id TEXT, balance NUMERIC, psn_cert_type TEXT, cert_no TEXT, psn_name TEXT, gend TEXT,
               account_type TEXT, phone TEXT, brdy TEXT, naty TEXT, age TEXT, insu_type TEXT)
LANGUAGE sql STABLE AS $$
  SELECT '00', '成功', p.psn_no::TEXT, p_mdtrt_cert_type, p_mdtrt_cert_no, p.patient_type::TEXT,
         (SELECT c.card_no FROM cards c WHERE c.patient_id = p.patient_id AND c.card_type = '03' ORDER BY c.created_at LIMIT 1)::TEXT,
         (SELECT sum(b.balance) FROM balances b JOIN cards c USING (card_no)
           WHERE c.patient_id = p.patient_id AND c.account_type = COALESCE(p_account_type, '01')),
         p.id_type::TEXT, p.id_no::TEXT, p.name::TEXT, p.sex::TEXT, COALESCE(p_account_type, '01'), p.phone::TEXT,
         to_char(p.birth_date, 'YYYY-MM-DD'), p.nation::TEXT,
         date_part('year', age(CURRENT_DATE, p.birth_date))::INT::TEXT, p.insu_type::TEXT
    FROM patients p WHERE p.id_no = p_cert_no
$$;

CREATE VIEW v_org_his_cust AS
SELECT c.card_no AS his_cust_id, c.card_type AS his_cust_type, b.balance AS his_cust_balc,
       to_char(c.created_at, 'YYYY-MM-DD HH24:MI:SS') AS his_cust_build_time, p.patient_type, p.id_no AS cert_no
  FROM cards c JOIN patients p USING (patient_id) JOIN balances b USING (card_no);

-- AMP ORG_002: unsettled bills, their prescriptions (rxlist) and diagnoses (diaglist) as JSON.
CREATE VIEW v_org_unsettled AS
SELECT b.org_trace_no, b.doc_trace_no, b.ipt_otp_no, p.patient_type, '02' AS mdtrt_cert_type, p.id_no AS mdtrt_cert_no,
       p.id_no AS cert_no, p.name AS psn_name, p.sex AS gend,
       date_part('year', age(b.begn_time::DATE, p.birth_date))::INT AS age,
       b.dept_name, b.dept_code, b.caty, b.atddr_no, b.dr_name, b.chfpdr_name, b.medfee_sumamt, b.med_type,
       b.chrg_bchno, p.psn_no, p.insu_type, b.fee_type, to_char(b.begn_time, 'YYYY-MM-DD HH24:MI:SS') AS begn_time,
       (SELECT json_agg(json_build_object(
                 'chrg_bchno', b.chrg_bchno, 'rx_no', i.rx_no, 'feedetl_sn', i.feedetl_sn, 'med_list_codg', i.med_list_codg,
                 'medins_list_codg', i.medins_list_codg, 'pric', i.pric, 'cnt', i.cnt,
                 'det_item_fee_sumamt', i.det_item_fee_sumamt,
                 'fee_ocur_time', to_char(i.fee_ocur_time, 'YYYY-MM-DD HH24:MI:SS'),
                 'bilg_dr_name', i.bilg_dr_name, 'bilg_dr_codg', i.bilg_dr_codg, 'bilg_dept_codg', i.bilg_dept_codg,
                 'bilg_dept_name', i.bilg_dept_name, 'hosp_appr_flag', i.hosp_appr_flag, 'item_name', i.item_name,
                 'invo_item_no', i.invo_item_no, 'hi_item', i.hi_item, 'item_emp', i.item_emp, 'item_spec', i.item_spec)
                 ORDER BY i.feedetl_sn)
          FROM bill_items i WHERE i.doc_trace_no = b.doc_trace_no) AS rxlist,
       (SELECT json_agg(json_build_object(
                 'diag_type', d.diag_type, 'diag_srt_no', d.diag_srt_no, 'diag_code', d.diag_code, 'diag_name', d.diag_name,
                 'diag_dept', d.diag_dept, 'diag_dept_name', d.diag_dept_name, 'dise_dor_no', d.dise_dor_no,
                 'dise_dor_name', d.dise_dor_name, 'diag_time', to_char(d.diag_time, 'YYYY-MM-DD HH24:MI:SS'),
                 'vali_flag', '1', 'maindiag_flag', d.maindiag_flag) ORDER BY d.diag_srt_no)
          FROM bill_diagnoses d WHERE d.doc_trace_no = b.doc_trace_no) AS diaglist,
       b.status
  FROM bills b JOIN patients p USING (patient_id);

-- AMP ORG_003 机构结算确认: once per amp_trace_id; the hospital balance pays its part.
CREATE FUNCTION org_recharge_settle(p_org_trace_no TEXT, p_doc_trace_no TEXT, p_amp_trace_id TEXT, p_feesum_amt TEXT,
                                    p_hosp_balc_pay_amt TEXT, p_pay_chnl_trace_no TEXT, p_mch_trace_no TEXT)
RETURNS TABLE (ret_code TEXT, ret_msg TEXT, result TEXT, call_sn TEXT, balance NUMERIC, druginfo TEXT)
LANGUAGE plpgsql AS $$
DECLARE
  v_bill bills%ROWTYPE;
  v_pay NUMERIC := COALESCE(NULLIF(p_hosp_balc_pay_amt, '')::NUMERIC, 0);
  v_card TEXT;
  v_left NUMERIC;
  v_sn TEXT;
BEGIN
  SELECT * INTO v_bill FROM bills b WHERE b.org_trace_no = p_org_trace_no AND b.doc_trace_no = p_doc_trace_no FOR UPDATE;
  RETURN QUERY SELECT '00'::TEXT, '结算成功'::TEXT, 'succ'::TEXT, s.call_sn::TEXT, s.balance, NULL::TEXT
                 FROM settlements s WHERE s.amp_trace_id = p_amp_trace_id;
  IF FOUND THEN
    RETURN;
  END IF;
  IF v_bill.doc_trace_no IS NULL OR v_bill.status <> 'unsettled' THEN
    RETURN QUERY SELECT '01'::TEXT, '单据不存在或已结算'::TEXT, 'fail'::TEXT, NULL::TEXT, NULL::NUMERIC, NULL::TEXT;
    RETURN;
  END IF;
  SELECT c.card_no INTO v_card FROM cards c
   WHERE c.patient_id = v_bill.patient_id AND c.card_type = '03' ORDER BY c.created_at LIMIT 1;
  IF v_pay > 0 THEN
    UPDATE balances b SET balance = b.balance - v_pay WHERE b.card_no = v_card AND b.balance >= v_pay RETURNING b.balance INTO v_left;
    IF NOT FOUND THEN
      RETURN QUERY SELECT '01'::TEXT, '院内余额不足'::TEXT, 'fail'::TEXT, NULL::TEXT, NULL::NUMERIC, NULL::TEXT;
      RETURN;
    END IF;
  ELSE
    SELECT b.balance INTO v_left FROM balances b WHERE b.card_no = v_card;
  END IF;
  v_sn := 'JS' || to_char(LOCALTIMESTAMP, 'YYYYMMDD') || lpad(nextval('settlement_sn')::TEXT, 8, '0');
  INSERT INTO settlements (amp_trace_id, org_trace_no, doc_trace_no, call_sn, feesum_amt, hosp_balc_pay_amt, balance,
                           pay_chnl_trace_no, mch_trace_no)
  VALUES (p_amp_trace_id, p_org_trace_no, p_doc_trace_no, v_sn, COALESCE(NULLIF(p_feesum_amt, '')::NUMERIC, v_bill.medfee_sumamt),
          v_pay, v_left, p_pay_chnl_trace_no, p_mch_trace_no);
  UPDATE bills b SET status = 'settled' WHERE b.doc_trace_no = p_doc_trace_no;
  RETURN QUERY SELECT '00'::TEXT, '结算成功'::TEXT, 'succ'::TEXT, v_sn, v_left,
    json_build_array(json_build_object('drug_no', 'QY' || right(v_sn, 6), 'code_type', 'qr', 'code_value', v_sn,
                                       'drug_addr', '门诊一楼西药房', 'drug_window', '3号窗口', 'wait_num', 2))::TEXT;
END $$;

-- AMP ORG_004 查询结算结果.
CREATE FUNCTION org_query_settle_result(p_org_trace_no TEXT)
RETURNS TABLE (ret_code TEXT, ret_msg TEXT, result TEXT, call_sn TEXT, balance NUMERIC) LANGUAGE sql STABLE AS $$
  SELECT '00', '查询成功', 'succ', s.call_sn::TEXT, s.balance FROM settlements s WHERE s.org_trace_no = p_org_trace_no
  UNION ALL
  SELECT '00', '未结算', 'fail', NULL, NULL
   WHERE NOT EXISTS (SELECT 1 FROM settlements s WHERE s.org_trace_no = p_org_trace_no)
$$;

-- Test probe: books the key, takes its time, then answers with whatever druginfo text it was given.
CREATE FUNCTION probe_book(p_key TEXT, p_druginfo TEXT, p_sleep TEXT)
RETURNS TABLE (ret_code TEXT, ret_msg TEXT, result TEXT, call_sn TEXT, druginfo TEXT) LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO probe_bookings VALUES (p_key);
  PERFORM pg_sleep(COALESCE(NULLIF(p_sleep, '')::FLOAT8, 0));
  RETURN QUERY SELECT '00'::TEXT, '成功'::TEXT, 'succ'::TEXT, p_key, p_druginfo;
END $$;

-- The test's stand-in for a lost deadlock: refuses with 40P01 (deadlock_detected) the first
-- p_times times it is called on the sequence p_seq. A sequence, because nextval is not rolled
-- back with the transaction the refusal aborts.
CREATE FUNCTION probe_conflict(p_seq TEXT, p_times TEXT) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
  IF nextval(p_seq::regclass) <= p_times::BIGINT THEN
    RAISE EXCEPTION 'deadlock detected (probe %)', p_seq USING ERRCODE = '40P01';
  END IF;
  RETURN TRUE;
END $$;
