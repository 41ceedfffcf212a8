-- The same small HIS as his_pg.sql, in MariaDB: one-row answers from stored procedures (CALL),
-- rows from views, as seed 000's "存储过程-中间表(视图) 方式" describes. Procedures are not
-- atomic in MariaDB: what keeps a half-done transfer from being booked is the transaction the
-- handler runs money-moving statements in. tests/db/his_mariadb.ini holds the statements.

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
       DATE_FORMAT(t.record_time, '%Y-%m-%d %H:%i:%s') AS recordTime, t.reg_no AS regNo, t.report_url AS reportUrl,
       p.id_no, p.id_type, t.record_time, t.id
  FROM card_trail t JOIN cards c USING (card_no) JOIN patients p USING (patient_id);

CREATE VIEW v_org_his_cust AS
SELECT c.card_no AS his_cust_id, c.card_type AS his_cust_type, b.balance AS his_cust_balc,
       DATE_FORMAT(c.created_at, '%Y-%m-%d %H:%i:%s') AS his_cust_build_time, p.patient_type, p.id_no AS cert_no
  FROM cards c JOIN patients p USING (patient_id) JOIN balances b USING (card_no);

-- AMP ORG_002: unsettled bills, their prescriptions (rxlist) and diagnoses (diaglist) as JSON.
CREATE VIEW v_org_unsettled AS
SELECT b.org_trace_no, b.doc_trace_no, b.ipt_otp_no, p.patient_type, '02' AS mdtrt_cert_type, p.id_no AS mdtrt_cert_no,
       p.id_no AS cert_no, p.name AS psn_name, p.sex AS gend, TIMESTAMPDIFF(YEAR, p.birth_date, b.begn_time) AS age,
       b.dept_name, b.dept_code, b.caty, b.atddr_no, b.dr_name, b.chfpdr_name, b.medfee_sumamt, b.med_type,
       b.chrg_bchno, p.psn_no, p.insu_type, b.fee_type, DATE_FORMAT(b.begn_time, '%Y-%m-%d %H:%i:%s') AS begn_time,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT(
                 'chrg_bchno', b.chrg_bchno, 'rx_no', i.rx_no, 'feedetl_sn', i.feedetl_sn, 'med_list_codg', i.med_list_codg,
                 'medins_list_codg', i.medins_list_codg, 'pric', i.pric, 'cnt', i.cnt,
                 'det_item_fee_sumamt', i.det_item_fee_sumamt,
                 'fee_ocur_time', DATE_FORMAT(i.fee_ocur_time, '%Y-%m-%d %H:%i:%s'),
                 'bilg_dr_name', i.bilg_dr_name, 'bilg_dr_codg', i.bilg_dr_codg, 'bilg_dept_codg', i.bilg_dept_codg,
                 'bilg_dept_name', i.bilg_dept_name, 'hosp_appr_flag', i.hosp_appr_flag, 'item_name', i.item_name,
                 'invo_item_no', i.invo_item_no, 'hi_item', i.hi_item, 'item_emp', i.item_emp, 'item_spec', i.item_spec)
                 ORDER BY i.feedetl_sn)
          FROM bill_items i WHERE i.doc_trace_no = b.doc_trace_no) AS rxlist,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT(
                 'diag_type', d.diag_type, 'diag_srt_no', d.diag_srt_no, 'diag_code', d.diag_code, 'diag_name', d.diag_name,
                 'diag_dept', d.diag_dept, 'diag_dept_name', d.diag_dept_name, 'dise_dor_no', d.dise_dor_no,
                 'dise_dor_name', d.dise_dor_name, 'diag_time', DATE_FORMAT(d.diag_time, '%Y-%m-%d %H:%i:%s'),
                 'vali_flag', '1', 'maindiag_flag', d.maindiag_flag) ORDER BY d.diag_srt_no)
          FROM bill_diagnoses d WHERE d.doc_trace_no = b.doc_trace_no) AS diaglist,
       b.status
  FROM bills b JOIN patients p USING (patient_id);

DELIMITER $$

CREATE PROCEDURE yzt_card_trail(IN p_id_no VARCHAR(32), IN p_id_type VARCHAR(8), IN p_start VARCHAR(8), IN p_end VARCHAR(8),
                                IN p_start_row VARCHAR(10), IN p_end_row VARCHAR(10), IN p_use_type VARCHAR(8))
BEGIN
  DECLARE v_from INT DEFAULT COALESCE(CAST(NULLIF(p_start_row, '') AS SIGNED), 1);
  DECLARE v_to INT DEFAULT COALESCE(CAST(NULLIF(p_end_row, '') AS SIGNED), 1000000);
  SELECT hospitalId, hospitalName, departId, departName, doctorId, doctorName, cardNo, cardType, useType, useChannel,
         amount, recordTime, regNo, reportUrl
    FROM (SELECT t.*, ROW_NUMBER() OVER (ORDER BY t.record_time DESC, t.id DESC) AS rn
            FROM v_yzt_card_trail t
           WHERE (p_id_no IS NULL OR t.id_no = p_id_no) AND (p_id_type IS NULL OR t.id_type = p_id_type)
             AND (p_use_type IS NULL OR t.useType = p_use_type)
             AND (p_start IS NULL OR t.record_time >= STR_TO_DATE(p_start, '%Y%m%d'))
             AND (p_end IS NULL OR t.record_time < STR_TO_DATE(p_end, '%Y%m%d') + INTERVAL 1 DAY)) v
   WHERE v.rn BETWEEN v_from AND v_to
   ORDER BY v.rn;
END$$

-- 一帐通 op_yjj_account_transfer_in: balances of the person's other cards into one card, once
-- per traceNoIn. A concurrent twin waits on the card locks, then (reading with a lock, past its
-- snapshot) finds the transfer and answers as the first did.
CREATE PROCEDURE yzt_transfer_in(IN p_trace_no_in VARCHAR(64), IN p_to_card_no VARCHAR(64), IN p_from_card_no TEXT,
                                 IN p_from_number TEXT, IN p_id_no VARCHAR(64), IN p_user_name VARCHAR(64),
                                 IN p_channel_type VARCHAR(32), IN p_operator_id VARCHAR(64))
proc: BEGIN
  DECLARE v_patient VARCHAR(32) DEFAULT NULL;
  DECLARE v_cards TEXT;
  DECLARE v_card VARCHAR(64);
  DECLARE v_amount DECIMAL(12,2);
  DECLARE v_total DECIMAL(12,2) DEFAULT 0;
  DECLARE v_left DECIMAL(12,2);
  DECLARE v_balance DECIMAL(12,2);
  DECLARE v_list LONGTEXT DEFAULT '[]';
  DECLARE v_sn VARCHAR(32);
  DECLARE v_n INT;
  DECLARE v_locked INT;
  DECLARE i INT DEFAULT 1;

  SELECT c.patient_id INTO v_patient FROM cards c JOIN patients p USING (patient_id)
   WHERE c.card_no = p_to_card_no AND p.id_no = p_id_no AND p.name = p_user_name AND c.status = '1';
  IF v_patient IS NULL THEN
    SELECT '01' AS retCode, '到账卡不存在、状态异常或与证件号、姓名不符' AS retMsg, p_trace_no_in AS traceNoIn,
           'JSON' AS listFormat, '[]' AS fromCardList;
    LEAVE proc;
  END IF;
  SELECT COUNT(*) INTO v_locked FROM balances b JOIN cards c USING (card_no) WHERE c.patient_id = v_patient FOR UPDATE;
  IF EXISTS (SELECT 1 FROM transfers t WHERE t.trace_no_in = p_trace_no_in LOCK IN SHARE MODE) THEN
    SELECT '00' AS retCode, '转入成功' AS retMsg, t.to_balance AS toCardBalance, t.call_sn AS callSn,
           t.trace_no_in AS traceNoIn, 'JSON' AS listFormat, t.from_card_list AS fromCardList
      FROM transfers t WHERE t.trace_no_in = p_trace_no_in LOCK IN SHARE MODE;
    LEAVE proc;
  END IF;
  IF COALESCE(p_from_card_no, '') = '' THEN
    SELECT GROUP_CONCAT(c.card_no ORDER BY c.card_no) INTO v_cards FROM cards c JOIN balances b USING (card_no)
     WHERE c.patient_id = v_patient AND c.card_no <> p_to_card_no AND b.balance > 0;
  ELSE
    SET v_cards = p_from_card_no;
  END IF;
  SET v_n = IF(v_cards IS NULL, 0, 1 + LENGTH(v_cards) - LENGTH(REPLACE(v_cards, ',', '')));
  WHILE i <= v_n DO
    SET v_card = SUBSTRING_INDEX(SUBSTRING_INDEX(v_cards, ',', i), ',', -1);
    IF v_card = p_to_card_no OR NOT EXISTS (SELECT 1 FROM cards c WHERE c.card_no = v_card AND c.patient_id = v_patient) THEN
      SET v_n = 0;
    END IF;
    SET i = i + 1;
  END WHILE;
  IF v_n = 0 THEN
    SELECT '01' AS retCode, '转出卡不存在、不属于本人或没有余额' AS retMsg, p_trace_no_in AS traceNoIn,
           'JSON' AS listFormat, '[]' AS fromCardList;
    LEAVE proc;
  END IF;
  IF COALESCE(p_from_number, '') <> '' AND 1 + LENGTH(p_from_number) - LENGTH(REPLACE(p_from_number, ',', '')) <> v_n THEN
    SELECT '01' AS retCode, '转出金额与转出卡数量不一致' AS retMsg, p_trace_no_in AS traceNoIn,
           'JSON' AS listFormat, '[]' AS fromCardList;
    LEAVE proc;
  END IF;
  SET v_sn = CONCAT('ZR', DATE_FORMAT(NOW(), '%Y%m%d'), LPAD(NEXTVAL(transfer_sn), 8, '0'));
  INSERT INTO transfers (trace_no_in, call_sn, to_card_no, amount, channel_type, operator_id)
  VALUES (p_trace_no_in, v_sn, p_to_card_no, 0, p_channel_type, p_operator_id);
  SET i = 1;
  WHILE i <= v_n DO
    SET v_card = SUBSTRING_INDEX(SUBSTRING_INDEX(v_cards, ',', i), ',', -1);
    IF COALESCE(p_from_number, '') = '' THEN
      SELECT b.balance INTO v_amount FROM balances b WHERE b.card_no = v_card;
    ELSE
      SET v_amount = CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(p_from_number, ',', i), ',', -1) AS DECIMAL(12,2));
    END IF;
    -- No check of the balance here: balances' CHECK refuses an overdraft (and fails the call,
    -- after the cards before this one were already debited).
    UPDATE balances SET balance = balance - v_amount WHERE card_no = v_card;
    SELECT b.balance INTO v_left FROM balances b WHERE b.card_no = v_card;
    SET v_total = v_total + v_amount;
    SET v_list = JSON_ARRAY_APPEND(v_list, '$', JSON_OBJECT('cardNo', v_card,
                   'cardType', (SELECT c.card_type FROM cards c WHERE c.card_no = v_card), 'balance', CAST(v_left AS CHAR)));
    SET i = i + 1;
  END WHILE;
  UPDATE balances SET balance = balance + v_total WHERE card_no = p_to_card_no;
  SELECT b.balance INTO v_balance FROM balances b WHERE b.card_no = p_to_card_no;
  UPDATE transfers SET amount = v_total, to_balance = v_balance, from_card_list = v_list WHERE trace_no_in = p_trace_no_in;
  SELECT '00' AS retCode, '转入成功' AS retMsg, v_balance AS toCardBalance, v_sn AS callSn, p_trace_no_in AS traceNoIn,
         'JSON' AS listFormat, v_list AS fromCardList;
END$$

-- 一帐通 op_query_transfer_in_result: by traceNoIn; "notfound" (never "fail") when absent.
CREATE PROCEDURE yzt_transfer_result(IN p_trace_no_in VARCHAR(64))
BEGIN
  IF EXISTS (SELECT 1 FROM transfers t WHERE t.trace_no_in = p_trace_no_in) THEN
    SELECT '00' AS retCode, '查询成功' AS retMsg, t.call_sn AS callSn, t.to_balance AS toCardBalance, 'succ' AS result,
           '转入成功' AS resultDesc, DATE_FORMAT(t.created_at, '%Y-%m-%d %H:%i:%s') AS origTraceTime
      FROM transfers t WHERE t.trace_no_in = p_trace_no_in;
  ELSE
    SELECT '00' AS retCode, '查询成功' AS retMsg, 'notfound' AS result, '交易记录不存在' AS resultDesc;
  END IF;
END$$

-- 一帐通 op_certification_level: the card exists and is usable: strong real-name from now on.
CREATE PROCEDURE yzt_certification(IN p_card_no VARCHAR(64))
BEGIN
  UPDATE cards SET auth_level = '1' WHERE card_no = p_card_no AND status = '1';
  IF EXISTS (SELECT 1 FROM cards WHERE card_no = p_card_no AND status = '1') THEN
    SELECT '00' AS retCode, '强实名认证成功' AS retMsg;
  ELSE
    SELECT '01' AS retCode, '卡号不存在或卡状态异常' AS retMsg;
  END IF;
END$$

-- AMP ORG_001: the patient (head row); his cards are the rows of v_org_his_cust.
CREATE PROCEDURE org_query_account(IN p_cert_no VARCHAR(40), IN p_mdtrt_cert_type VARCHAR(10), IN p_mdtrt_cert_no VARCHAR(40),
                                   IN p_account_type VARCHAR(10))
BEGIN
  SELECT '00' AS ret_code, '成功' AS ret_msg, p.psn_no, p_mdtrt_cert_type AS mdtrt_cert_type, p_mdtrt_cert_no AS mdtrt_cert_no,
         p.patient_type,
         (SELECT c.card_no FROM cards c WHERE c.patient_id = p.patient_id AND c.card_type = '03' ORDER BY c.created_at LIMIT 1)
           AS his_cust_id,
         (SELECT SUM(b.balance) FROM balances b JOIN cards c USING (card_no)
           WHERE c.patient_id = p.patient_id AND c.account_type = COALESCE(p_account_type, '01')) AS balance,
         p.id_type AS psn_cert_type, p.id_no AS cert_no, p.name AS psn_name, p.sex AS gend,
         COALESCE(p_account_type, '01') AS account_type, p.phone, DATE_FORMAT(p.birth_date, '%Y-%m-%d') AS brdy,
         p.nation AS naty, TIMESTAMPDIFF(YEAR, p.birth_date, CURDATE()) AS age, p.insu_type
    FROM patients p WHERE p.id_no = p_cert_no;
END$$

-- AMP ORG_003 机构结算确认: once per amp_trace_id; the hospital balance pays its part.
CREATE PROCEDURE org_recharge_settle(IN p_org_trace_no VARCHAR(40), IN p_doc_trace_no VARCHAR(40), IN p_amp_trace_id VARCHAR(40),
                                     IN p_feesum_amt VARCHAR(20), IN p_hosp_balc_pay_amt VARCHAR(20),
                                     IN p_pay_chnl_trace_no VARCHAR(40), IN p_mch_trace_no VARCHAR(40))
proc: BEGIN
  DECLARE v_patient VARCHAR(32) DEFAULT NULL;
  DECLARE v_status VARCHAR(12);
  DECLARE v_sum DECIMAL(12,2);
  DECLARE v_pay DECIMAL(12,2) DEFAULT COALESCE(CAST(NULLIF(p_hosp_balc_pay_amt, '') AS DECIMAL(12,2)), 0);
  DECLARE v_card VARCHAR(32);
  DECLARE v_left DECIMAL(12,2);
  DECLARE v_sn VARCHAR(40);
  SELECT b.patient_id, b.status, b.medfee_sumamt INTO v_patient, v_status, v_sum FROM bills b
   WHERE b.org_trace_no = p_org_trace_no AND b.doc_trace_no = p_doc_trace_no FOR UPDATE;
  IF EXISTS (SELECT 1 FROM settlements s WHERE s.amp_trace_id = p_amp_trace_id LOCK IN SHARE MODE) THEN
    SELECT '00' AS ret_code, '结算成功' AS ret_msg, 'succ' AS result, s.call_sn, s.balance
      FROM settlements s WHERE s.amp_trace_id = p_amp_trace_id LOCK IN SHARE MODE;
    LEAVE proc;
  END IF;
  IF v_patient IS NULL OR v_status <> 'unsettled' THEN
    SELECT '01' AS ret_code, '单据不存在或已结算' AS ret_msg, 'fail' AS result;
    LEAVE proc;
  END IF;
  SELECT c.card_no INTO v_card FROM cards c WHERE c.patient_id = v_patient AND c.card_type = '03' ORDER BY c.created_at LIMIT 1;
  IF v_pay > 0 THEN
    UPDATE balances SET balance = balance - v_pay WHERE card_no = v_card AND balance >= v_pay;
    IF ROW_COUNT() = 0 THEN
      SELECT '01' AS ret_code, '院内余额不足' AS ret_msg, 'fail' AS result;
      LEAVE proc;
    END IF;
  END IF;
  SELECT b.balance INTO v_left FROM balances b WHERE b.card_no = v_card;
  SET v_sn = CONCAT('JS', DATE_FORMAT(NOW(), '%Y%m%d'), LPAD(NEXTVAL(settlement_sn), 8, '0'));
  INSERT INTO settlements (amp_trace_id, org_trace_no, doc_trace_no, call_sn, feesum_amt, hosp_balc_pay_amt, balance,
                           pay_chnl_trace_no, mch_trace_no)
  VALUES (p_amp_trace_id, p_org_trace_no, p_doc_trace_no, v_sn,
          COALESCE(CAST(NULLIF(p_feesum_amt, '') AS DECIMAL(12,2)), v_sum), v_pay, v_left, p_pay_chnl_trace_no, p_mch_trace_no);
  UPDATE bills SET status = 'settled' WHERE doc_trace_no = p_doc_trace_no;
  SELECT '00' AS ret_code, '结算成功' AS ret_msg, 'succ' AS result, v_sn AS call_sn, v_left AS balance,
         JSON_ARRAY(JSON_OBJECT('drug_no', CONCAT('QY', RIGHT(v_sn, 6)), 'code_type', 'qr', 'code_value', v_sn,
                                'drug_addr', '门诊一楼西药房', 'drug_window', '3号窗口', 'wait_num', 2)) AS druginfo;
END$$

-- AMP ORG_004 查询结算结果.
CREATE PROCEDURE org_query_settle_result(IN p_org_trace_no VARCHAR(40))
BEGIN
  IF EXISTS (SELECT 1 FROM settlements s WHERE s.org_trace_no = p_org_trace_no) THEN
    SELECT '00' AS ret_code, '查询成功' AS ret_msg, 'succ' AS result, s.call_sn, s.balance
      FROM settlements s WHERE s.org_trace_no = p_org_trace_no;
  ELSE
    SELECT '00' AS ret_code, '未结算' AS ret_msg, 'fail' AS result;
  END IF;
END$$

-- Test probe: books the key, takes its time, then answers with whatever druginfo text it was given.
CREATE PROCEDURE probe_book(IN p_key VARCHAR(64), IN p_druginfo TEXT, IN p_sleep VARCHAR(8))
BEGIN
  INSERT INTO probe_bookings VALUES (p_key);
  DO SLEEP(COALESCE(CAST(NULLIF(p_sleep, '') AS DECIMAL(6,2)), 0));
  SELECT '00' AS ret_code, '成功' AS ret_msg, 'succ' AS result, p_key AS call_sn, p_druginfo AS druginfo;
END$$

DELIMITER ;
