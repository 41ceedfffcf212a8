-- The same small HIS as his_pg.sql, in MariaDB: one-row answers from stored procedures (CALL),
-- rows from views, as seed 000's "存储过程-中间表(视图) 方式" describes. Procedures are not
-- atomic in MariaDB: what keeps a half-done transfer from being booked is the transaction the
-- handler runs money-moving statements in. tests/db/his_mariadb.ini holds the statements.

CREATE TABLE patients (
  patient_id VARCHAR(32) PRIMARY KEY,
  name VARCHAR(32) NOT NULL,
  sex CHAR(1) NOT NULL,               -- 1 男 2 女
  id_type CHAR(2) NOT NULL DEFAULT '01',
  id_no VARCHAR(32) NOT NULL UNIQUE,
  phone VARCHAR(20) NOT NULL,
  birth_date DATE NOT NULL,
  nation CHAR(2) NOT NULL DEFAULT '01',
  psn_no VARCHAR(40),                 -- 医保人员编号 (医保患者)
  insu_type VARCHAR(10),
  patient_type CHAR(2) NOT NULL       -- 00 自费 01 医保
);

CREATE TABLE cards (
  card_no VARCHAR(32) PRIMARY KEY,
  card_type CHAR(2) NOT NULL,         -- 01 医保卡 02 健康卡 03 就诊卡 06 临时卡
  patient_id VARCHAR(32) NOT NULL REFERENCES patients (patient_id),
  account_type CHAR(2) NOT NULL DEFAULT '01',
  status CHAR(1) NOT NULL DEFAULT '1',  -- 1 正常 2 挂失 3 冻结 4 注销
  auth_level CHAR(1) NOT NULL DEFAULT '2',
  created_at DATETIME NOT NULL
);

-- 预交金余额: never below zero, whatever a procedure forgets to check.
CREATE TABLE balances (
  card_no VARCHAR(32) PRIMARY KEY REFERENCES cards (card_no),
  balance DECIMAL(12,2) NOT NULL CHECK (balance >= 0)
);

CREATE SEQUENCE transfer_sn;
-- 预交金转入: the platform's traceNoIn is unique here, as seed 000 requires of the HIS.
CREATE TABLE transfers (
  trace_no_in VARCHAR(32) PRIMARY KEY,
  call_sn VARCHAR(32) NOT NULL UNIQUE,
  to_card_no VARCHAR(32) NOT NULL REFERENCES cards (card_no),
  amount DECIMAL(12,2) NOT NULL,
  to_balance DECIMAL(12,2),
  from_card_list TEXT,
  channel_type VARCHAR(32),
  operator_id VARCHAR(32),
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE card_trail (
  id INT AUTO_INCREMENT PRIMARY KEY,
  hospital_id VARCHAR(32) NOT NULL, hospital_name VARCHAR(64) NOT NULL,
  depart_id VARCHAR(32) NOT NULL, depart_name VARCHAR(64) NOT NULL,
  doctor_id VARCHAR(32) NOT NULL, doctor_name VARCHAR(32) NOT NULL,
  card_no VARCHAR(32) NOT NULL REFERENCES cards (card_no),
  use_type CHAR(2) NOT NULL, use_channel CHAR(2) NOT NULL,
  amount DECIMAL(12,2) NOT NULL,
  record_time DATETIME NOT NULL,
  reg_no VARCHAR(32) NOT NULL,
  report_url VARCHAR(256)
);

CREATE TABLE fee_lists (
  reg_no VARCHAR(32) PRIMARY KEY,
  patient_id VARCHAR(32) NOT NULL REFERENCES patients (patient_id),
  total_price DECIMAL(12,2) NOT NULL, insurance_amount DECIMAL(12,2) NOT NULL,
  insurance_plan_amount DECIMAL(12,2) NOT NULL, self_amount DECIMAL(12,2) NOT NULL,
  trans_time DATETIME NOT NULL, pdf_url VARCHAR(256) NOT NULL
);

-- 待结算单据 (AMP ORG_002) and their prescriptions and diagnoses.
CREATE TABLE bills (
  doc_trace_no VARCHAR(40) PRIMARY KEY,
  org_trace_no VARCHAR(40) NOT NULL UNIQUE,
  patient_id VARCHAR(32) NOT NULL REFERENCES patients (patient_id),
  ipt_otp_no VARCHAR(32) NOT NULL,
  med_type VARCHAR(10) NOT NULL,
  dept_code VARCHAR(30) NOT NULL, dept_name VARCHAR(100) NOT NULL, caty VARCHAR(30) NOT NULL,
  atddr_no VARCHAR(32) NOT NULL, dr_name VARCHAR(100) NOT NULL, chfpdr_name VARCHAR(40) NOT NULL,
  medfee_sumamt DECIMAL(12,2) NOT NULL,
  chrg_bchno VARCHAR(32) NOT NULL,
  fee_type VARCHAR(4) NOT NULL,
  begn_time DATETIME NOT NULL,
  status VARCHAR(12) NOT NULL DEFAULT 'unsettled'
);

CREATE TABLE bill_items (
  doc_trace_no VARCHAR(40) NOT NULL REFERENCES bills (doc_trace_no),
  feedetl_sn VARCHAR(40) NOT NULL,
  rx_no VARCHAR(40),
  med_list_codg VARCHAR(50) NOT NULL, medins_list_codg VARCHAR(50) NOT NULL,
  item_name VARCHAR(200) NOT NULL,
  pric DECIMAL(12,4) NOT NULL, cnt DECIMAL(12,2) NOT NULL, det_item_fee_sumamt DECIMAL(12,2) NOT NULL,
  item_emp VARCHAR(30) NOT NULL, item_spec VARCHAR(30),
  invo_item_no VARCHAR(40) NOT NULL, hi_item CHAR(1) NOT NULL,
  bilg_dr_codg VARCHAR(100) NOT NULL, bilg_dr_name VARCHAR(100) NOT NULL,
  bilg_dept_codg VARCHAR(50) NOT NULL, bilg_dept_name VARCHAR(100) NOT NULL,
  hosp_appr_flag VARCHAR(4) NOT NULL DEFAULT '0',
  fee_ocur_time DATETIME NOT NULL,
  PRIMARY KEY (doc_trace_no, feedetl_sn)
);

CREATE TABLE bill_diagnoses (
  doc_trace_no VARCHAR(40) NOT NULL REFERENCES bills (doc_trace_no),
  diag_srt_no INT NOT NULL,
  diag_type VARCHAR(10) NOT NULL, diag_code VARCHAR(100) NOT NULL, diag_name VARCHAR(200) NOT NULL,
  diag_dept VARCHAR(50) NOT NULL, diag_dept_name VARCHAR(200) NOT NULL,
  dise_dor_no VARCHAR(40) NOT NULL, dise_dor_name VARCHAR(100) NOT NULL,
  diag_time DATETIME NOT NULL, maindiag_flag CHAR(1) NOT NULL,
  PRIMARY KEY (doc_trace_no, diag_srt_no)
);

CREATE SEQUENCE settlement_sn;
-- 机构结算 (ORG_003): once per amp_trace_id.
CREATE TABLE settlements (
  amp_trace_id VARCHAR(40) PRIMARY KEY,
  org_trace_no VARCHAR(40) NOT NULL UNIQUE REFERENCES bills (org_trace_no),
  doc_trace_no VARCHAR(40) NOT NULL,
  call_sn VARCHAR(40) NOT NULL UNIQUE,
  feesum_amt DECIMAL(12,2) NOT NULL,
  hosp_balc_pay_amt DECIMAL(12,2) NOT NULL,
  balance DECIMAL(12,2),
  pay_chnl_trace_no VARCHAR(40), mch_trace_no VARCHAR(40),
  settled_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Test probe: a booking whose answer the handler may fail to read (tests of the rollback).
CREATE TABLE probe_bookings (probe_key VARCHAR(64) PRIMARY KEY);

INSERT INTO patients VALUES
  ('P0001', '张三丰', '1', '01', '441802198708081050', '13800138000', '1987-08-08', '01', '44180000000012345678', '310', '01'),
  ('P0002', '李秀英', '2', '01', '440103199003151226', '13912345678', '1990-03-15', '01', NULL, NULL, '00'),
  ('P0003', '王建国', '1', '01', '440104196512310019', '13602087766', '1965-12-31', '01', '44010000000098765432', '390', '01');

INSERT INTO cards VALUES
  ('SB4418001234567', '01', 'P0001', '01', '1', '1', '2019-04-22 08:30:00'),
  ('JZ20190001',      '03', 'P0001', '01', '1', '1', '2019-05-06 09:12:45'),
  ('LS20240318',      '06', 'P0001', '01', '1', '2', '2024-03-18 14:05:10'),
  ('JZ20190002',      '03', 'P0002', '01', '1', '2', '2019-06-01 10:00:00'),
  ('JK20200002',      '02', 'P0002', '01', '1', '2', '2020-02-20 16:45:30'),
  ('JZ20190003',      '03', 'P0003', '02', '3', '2', '2019-07-15 11:20:00');

INSERT INTO balances VALUES
  ('SB4418001234567', 120.50), ('JZ20190001', 300.00), ('LS20240318', 45.80),
  ('JZ20190002', 1000.00), ('JK20200002', 0.00), ('JZ20190003', 80.00);

INSERT INTO card_trail (hospital_id, hospital_name, depart_id, depart_name, doctor_id, doctor_name, card_no, use_type,
                        use_channel, amount, record_time, reg_no, report_url) VALUES
  ('H44180200001', '清远市人民医院', 'NK01', '心血管内科', 'D1024', '陈志明', 'JZ20190001', '03', '01', 20.00, '2025-03-02 08:41:13', 'MZ202503020015', NULL),
  ('H44180200001', '清远市人民医院', 'NK01', '心血管内科', 'D1024', '陈志明', 'JZ20190001', '04', '02', 186.40, '2025-03-02 09:27:55', 'MZ202503020015', 'https://his.example.cn/report/MZ202503020015.pdf'),
  ('H44180200001', '清远市人民医院', 'JY01', '检验科', 'D2048', '黄丽娟', 'SB4418001234567', '04', '06', 58.00, '2025-03-05 10:02:31', 'MZ202503050102', 'https://his.example.cn/report/MZ202503050102.pdf'),
  ('H44180200001', '清远市人民医院', 'EK01', '儿科', 'D3301', '刘晓燕', 'LS20240318', '01', '05', 100.00, '2025-03-09 19:15:00', 'MZ202503090233', NULL),
  ('H44180200001', '清远市人民医院', 'FK01', '妇产科', 'D4410', '周敏', 'JZ20190002', '03', '06', 15.00, '2025-03-10 08:05:42', 'MZ202503100008', NULL);

INSERT INTO fee_lists VALUES
  ('MZ202503020015', 'P0001', 186.40, 121.16, 98.50, 65.24, '2025-03-02 09:27:55', 'https://his.example.cn/fee/MZ202503020015.pdf'),
  ('MZ202503100008', 'P0002', 15.00, 0.00, 0.00, 15.00, '2025-03-10 08:05:42', 'https://his.example.cn/fee/MZ202503100008.pdf');

INSERT INTO bills VALUES
  ('DJ202503120001', 'ORG20250312000001', 'P0001', 'MZ202503120021', '11', 'A03.01', '心血管内科门诊', 'A03', 'D441800001024',
   '陈志明', '陈志明', 256.30, 'SF202503120001', '01', '2025-03-12 09:10:00', 'unsettled'),
  ('DJ202503120002', 'ORG20250312000002', 'P0001', 'MZ202503120022', '11', 'A04.02', '消化内科门诊', 'A04', 'D441800002210',
   '林海涛', '林海涛', 64.50, 'SF202503120002', '01', '2025-03-12 10:32:00', 'unsettled'),
  ('DJ202503120003', 'ORG20250312000003', 'P0002', 'MZ202503120040', '11', 'A05.01', '妇产科门诊', 'A05', 'D441800004410',
   '周敏', '周敏', 38.00, 'SF202503120003', '01', '2025-03-12 11:00:00', 'unsettled');

INSERT INTO bill_items VALUES
  ('DJ202503120001', 'MX0001', 'CF250312001', 'XC01DXA082A001010100000', '441800XY0001', '阿托伐他汀钙片', 25.5000, 2, 51.00,
   '盒', '20mg*7片', '01', 'Y', 'D441800001024', '陈志明', 'A03.01', '心血管内科门诊', '0', '2025-03-12 09:15:00'),
  ('DJ202503120001', 'MX0002', 'CF250312001', 'XC07ABB022A001010100000', '441800XY0002', '酒石酸美托洛尔片', 12.6500, 2, 25.30,
   '盒', '25mg*20片', '01', 'Y', 'D441800001024', '陈志明', 'A03.01', '心血管内科门诊', '0', '2025-03-12 09:15:00'),
  ('DJ202503120001', 'MX0003', NULL, '002501000010000-250100001', '441800ZL0001', '常规心电图检查', 180.0000, 1, 180.00,
   '次', NULL, '04', 'Y', 'D441800001024', '陈志明', 'A03.01', '心血管内科门诊', '0', '2025-03-12 09:20:00'),
  ('DJ202503120002', 'MX0001', 'CF250312002', 'XA02BCO044A001010100000', '441800XY0103', '奥美拉唑肠溶胶囊', 32.2500, 2, 64.50,
   '盒', '20mg*14粒', '01', 'Y', 'D441800002210', '林海涛', 'A04.02', '消化内科门诊', '0', '2025-03-12 10:40:00'),
  ('DJ202503120003', 'MX0001', NULL, '002502000010000-250200001', '441800ZL0101', '妇科超声检查', 38.0000, 1, 38.00,
   '次', NULL, '04', 'N', 'D441800004410', '周敏', 'A05.01', '妇产科门诊', '0', '2025-03-12 11:05:00');

INSERT INTO bill_diagnoses VALUES
  ('DJ202503120001', 1, '1', 'I10.x00', '原发性高血压', 'A03.01', '心血管内科门诊', 'D441800001024', '陈志明', '2025-03-12 09:12:00', '1'),
  ('DJ202503120001', 2, '1', 'E78.500', '高脂血症', 'A03.01', '心血管内科门诊', 'D441800001024', '陈志明', '2025-03-12 09:12:00', '0'),
  ('DJ202503120002', 1, '1', 'K29.700', '慢性胃炎', 'A04.02', '消化内科门诊', 'D441800002210', '林海涛', '2025-03-12 10:35:00', '1');

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
