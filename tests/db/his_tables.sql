-- The tables of the small HIS the ODBC tests run against, in the SQL that PostgreSQL and MariaDB
-- both read (tests/db/dbctl.sh loads this, then his_data.sql, then his_pg.sql or his_mariadb.sql
-- with each database's own views, functions and procedures).

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
  created_at TIMESTAMP NOT NULL
);

-- 预交金余额: never below zero, whatever a procedure forgets to check.
CREATE TABLE balances (
  card_no VARCHAR(32) PRIMARY KEY REFERENCES cards (card_no),
  balance NUMERIC(12,2) NOT NULL CHECK (balance >= 0)
);

CREATE SEQUENCE transfer_sn;
-- 预交金转入: the platform's traceNoIn is unique here, as seed 000 requires of the HIS.
CREATE TABLE transfers (
  trace_no_in VARCHAR(32) PRIMARY KEY,
  call_sn VARCHAR(32) NOT NULL UNIQUE,
  to_card_no VARCHAR(32) NOT NULL REFERENCES cards (card_no),
  amount NUMERIC(12,2) NOT NULL,
  to_balance NUMERIC(12,2),
  from_card_list TEXT,
  channel_type VARCHAR(32),
  operator_id VARCHAR(32),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE card_trail (
  id INT NOT NULL PRIMARY KEY,
  hospital_id VARCHAR(32) NOT NULL, hospital_name VARCHAR(64) NOT NULL,
  depart_id VARCHAR(32) NOT NULL, depart_name VARCHAR(64) NOT NULL,
  doctor_id VARCHAR(32) NOT NULL, doctor_name VARCHAR(32) NOT NULL,
  card_no VARCHAR(32) NOT NULL REFERENCES cards (card_no),
  use_type CHAR(2) NOT NULL, use_channel CHAR(2) NOT NULL,
  amount NUMERIC(12,2) NOT NULL,
  record_time TIMESTAMP NOT NULL,
  reg_no VARCHAR(32) NOT NULL,
  report_url VARCHAR(256)
);

CREATE TABLE fee_lists (
  reg_no VARCHAR(32) PRIMARY KEY,
  patient_id VARCHAR(32) NOT NULL REFERENCES patients (patient_id),
  total_price NUMERIC(12,2) NOT NULL, insurance_amount NUMERIC(12,2) NOT NULL,
  insurance_plan_amount NUMERIC(12,2) NOT NULL, self_amount NUMERIC(12,2) NOT NULL,
  trans_time TIMESTAMP NOT NULL, pdf_url VARCHAR(256) NOT NULL
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
  medfee_sumamt NUMERIC(12,2) NOT NULL,
  chrg_bchno VARCHAR(32) NOT NULL,
  fee_type VARCHAR(4) NOT NULL,
  begn_time TIMESTAMP NOT NULL,
  status VARCHAR(12) NOT NULL DEFAULT 'unsettled'
);

CREATE TABLE bill_items (
  doc_trace_no VARCHAR(40) NOT NULL REFERENCES bills (doc_trace_no),
  feedetl_sn VARCHAR(40) NOT NULL,
  rx_no VARCHAR(40),
  med_list_codg VARCHAR(50) NOT NULL, medins_list_codg VARCHAR(50) NOT NULL,
  item_name VARCHAR(200) NOT NULL,
  pric NUMERIC(12,4) NOT NULL, cnt NUMERIC(12,2) NOT NULL, det_item_fee_sumamt NUMERIC(12,2) NOT NULL,
  item_emp VARCHAR(30) NOT NULL, item_spec VARCHAR(30),
  invo_item_no VARCHAR(40) NOT NULL, hi_item CHAR(1) NOT NULL,
  bilg_dr_codg VARCHAR(100) NOT NULL, bilg_dr_name VARCHAR(100) NOT NULL,
  bilg_dept_codg VARCHAR(50) NOT NULL, bilg_dept_name VARCHAR(100) NOT NULL,
  hosp_appr_flag VARCHAR(4) NOT NULL DEFAULT '0',
  fee_ocur_time TIMESTAMP NOT NULL,
  PRIMARY KEY (doc_trace_no, feedetl_sn)
);

CREATE TABLE bill_diagnoses (
  doc_trace_no VARCHAR(40) NOT NULL REFERENCES bills (doc_trace_no),
  diag_srt_no INT NOT NULL,
  diag_type VARCHAR(10) NOT NULL, diag_code VARCHAR(100) NOT NULL, diag_name VARCHAR(200) NOT NULL,
  diag_dept VARCHAR(50) NOT NULL, diag_dept_name VARCHAR(200) NOT NULL,
  dise_dor_no VARCHAR(40) NOT NULL, dise_dor_name VARCHAR(100) NOT NULL,
  diag_time TIMESTAMP NOT NULL, maindiag_flag CHAR(1) NOT NULL,
  PRIMARY KEY (doc_trace_no, diag_srt_no)
);

CREATE SEQUENCE settlement_sn;
-- 机构结算 (ORG_003): once per amp_trace_id.
CREATE TABLE settlements (
  amp_trace_id VARCHAR(40) PRIMARY KEY,
  org_trace_no VARCHAR(40) NOT NULL UNIQUE REFERENCES bills (org_trace_no),
  doc_trace_no VARCHAR(40) NOT NULL,
  call_sn VARCHAR(40) NOT NULL UNIQUE,
  feesum_amt NUMERIC(12,2) NOT NULL,
  hosp_balc_pay_amt NUMERIC(12,2) NOT NULL,
  balance NUMERIC(12,2),
  pay_chnl_trace_no VARCHAR(40), mch_trace_no VARCHAR(40),
  settled_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Test probe: a booking whose answer the handler may fail to read (tests of the rollback).
CREATE TABLE probe_bookings (probe_key VARCHAR(64) PRIMARY KEY);

