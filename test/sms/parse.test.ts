import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseText, parseCredit, parseSms, parseSmsDate, toPaisa, type ParsedCredit } from '../../src/modules/sms/parse.js';
import { DEFAULT_SENDER_IDS, type SmsProvider } from '../../src/modules/sms/providers.js';

const dhaka = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => Date.UTC(y, mo - 1, d, h - 6, mi, s);

function credit(from: string, text: string): ParsedCredit {
  const result = parseSms(from, text, DEFAULT_SENDER_IDS);
  assert.equal(result.outcome, 'credit', `${from}: ${text} → ${JSON.stringify(result)}`);
  return (result as { credit: ParsedCredit }).credit;
}

function expect(from: string, text: string, fields: Partial<ParsedCredit>) {
  const c = credit(from, text);
  for (const [k, v] of Object.entries(fields)) assert.deepEqual(c[k as keyof ParsedCredit], v, `${k} of ${text}`);
}

function outcome(from: string, text: string) {
  return parseSms(from, text, DEFAULT_SENDER_IDS);
}

test('amounts: commas, 0–4 decimals, to integer paisa', () => {
  assert.equal(toPaisa('20,172.00'), 2017200);
  assert.equal(toPaisa('121,710.33'), 12171033);
  assert.equal(toPaisa('340.0'), 34000);
  assert.equal(toPaisa('200'), 20000);
  assert.equal(toPaisa('16.1343'), 1613);
  assert.equal(toPaisa('10,00,000.00'), 100000000);
  assert.equal(toPaisa('.20'), null);
  assert.equal(toPaisa('1,,0'), null);
});

test('dates: dd/mm/yyyy HH:MM and Rocket 12-hour, in Asia/Dhaka; impossible dates refused', () => {
  assert.equal(parseSmsDate('17/05/2026 15:45', 'dmy'), dhaka(2026, 5, 17, 15, 45));
  assert.equal(parseSmsDate('27-DEC-25 07:17:16 pm', 'rocket'), dhaka(2025, 12, 27, 19, 17, 16));
  assert.equal(parseSmsDate('08-JUN-26 12:21:43 am', 'rocket'), dhaka(2026, 6, 8, 0, 21, 43));
  assert.equal(parseSmsDate('31/02/2026 10:00', 'dmy'), null);
  assert.equal(parseSmsDate('01/01/2026 24:00', 'dmy'), null);
});

test('Bangla digits and white space are normalised', () => {
  assert.equal(normaliseText('Tk ১,০০০.০০\n\nBalance\u00a0 Tk'), 'Tk 1,000.00 Balance Tk');
  expect('bKash', 'You have received Tk ১,০০০.০০ from ০১৭০০০০০০০৬. Fee Tk ০.০০. Balance Tk ৬,০০০.০০. TrxID CCCC1CCCC1 at ০১/১২/২০২৪ ১০:০০', {
    amount: 100000,
    payer: '01700000006',
    balance: 600000,
  });
});

test('bKash: every received-money format of its templates', () => {
  expect('bKash', 'You have received Tk 5,000.00 from 01700000006. Fee Tk 0.00. Balance Tk 6,000.00. TrxID CCCC1CCCC1 at 01/12/2024 10:00', {
    provider: 'bkash', kind: 'send_money', amount: 500000, fee: 0, balance: 600000, payer: '01700000006', ref: null, trxId: 'CCCC1CCCC1', smsAt: dhaka(2024, 12, 1, 10, 0),
  });
  expect('bKash', 'You have received Tk 400.00 from 01700000004. Ref TESTUSER. Fee Tk 0.00. Balance Tk 423.00. TrxID MNO7890JKL at 03/11/2018 11:30', { ref: 'TESTUSER', amount: 40000 });
  expect('bKash', 'You have received Tk 100.00 from 01700000005.Ref . Fee Tk 0.00. Balance Tk 585.00. TrxID PQR1234MNO at 14/11/2018 08:10', { ref: null, payer: '01700000005' });
  expect('bKash', 'You have received Tk 100.00 from 01700000001. Ref . Fee Tk 0.00. Balance Tk 138.34. TrxID DDC9A7L61P at 12/04/2026 20:18', { ref: null, balance: 13834 });
  expect('bKash', 'You have received Tk 20,000.00 from 01700000007.Ref sample note. Fee Tk 0.00. Balance Tk 20,150.00. TrxID DDDD1DDDD1 at 01/01/2025 10:00', { ref: 'sample note', amount: 2000000 });
  expect('bKash', 'You have received Tk 1,200.00 from 01700000001.Ref Test Customer,Test Course. Fee Tk 0.00. Balance Tk 1,469.69. TrxID CFG8W97QAO at 16/06/2025 13:24', { ref: 'Test Customer,Test Course' });
  expect('bKash', 'You have received Tk 10.00 from 01700000009. Ref test payment. Fee Tk 0.00. Balance Tk 1,580.14. TrxID DED220MHU4 at 17/05/2026 15:45', { ref: 'test payment', trxId: 'DED220MHU4', balance: 158014 });
  expect('bKash', 'You have received Tk 60.00 from SAMPLE MERCHANT. Balance Tk 1,060.00. TrxID EEEE1EEEE1 at 01/05/2026 10:00', { payer: 'SAMPLE MERCHANT', fee: null });
  expect('bKash', 'You have received Tk 10.00 from 01700000009. Fee Tk 0.00. Balance Tk 1,580.14. TrxID XXXXX11111 at 26/05/2026 10:58.', { trxId: 'XXXXX11111' });
  expect('bKash', 'Cash In Tk 1,000.00 from 01700000008 successful. Fee Tk 0.00. Balance Tk 1,500.00. TrxID GGGG1GGGG1 at 01/11/2025 10:00. Download App: https://bKa.sh/8app', { kind: 'cash_in', amount: 100000 });
  expect('bKash', 'Cash In Tk 400.00 from 01700000001 successful. Fee Tk 0.00. Balance Tk 485.00. TrxID ABC1234XYZ at 13/11/2018 12:33. Mobile Recharge bKash korun.', { kind: 'cash_in' });
  expect('bKash', 'You have received a deposit of Tk 1,000.00 from Sonali Bank Account. Fee Tk 0.00. Balance Tk 1,100.00. TrxID FFFF1FFFF1 at 01/07/2025 10:00', { kind: 'bank_deposit', payer: 'Sonali Bank Account' });
  expect('bKash', 'You have received deposit from iBanking of Tk 600.00 from City Bank. Fee Tk 0.00. Balance Tk 1,058.69. TrxID DAP6GQKGZ8 at 25/01/2026 18:50', { kind: 'bank_deposit', payer: 'City Bank' });
  expect('bKash', 'You have received payment Tk 549.00 from 01700000002. Fee Tk 0.00. Balance Tk 8,210.56. TrxID DDC03X8Z8I at 12/04/2026 16:39', { kind: 'payment', amount: 54900 });
  expect('bKash', 'You have received payment Tk 150.00 from 01700000002. Ref 23154. Fee Tk 0.00. Balance Tk 150.00. TrxID DF34V2HBXU at 03/06/2026 12:33', { kind: 'payment', ref: '23154' });
  expect('bKash', 'You have received payment Tk 55.00 from 01700000002. Fee Tk 0.00. Balance Tk 55.59.TrxID CJKOGO2GAQ at 20/10/2025 18:00', { balance: 5559, trxId: 'CJKOGO2GAQ' });
  expect('bKash', 'You have received payment Tk 500.00 from 01700000002. Fee Tk 0.00. Balance Tk 9,452.20. TrxID DAM6CTT7RW at 22/01/2026 01:54', { amount: 50000 });
  expect('bKash', 'Cash Out Tk 785.00 from 01700000003 successful. Fee Tk 0.00. Balance Tk 121,710.33. TrxID AA24AJJH6I at 02/01/2023 22:05', { kind: 'agent_cash_out', balance: 12171033 });
  expect('bKash', 'Cash Out Tk 785.00 from 01700000003 successful. Fee Tk 0.00. Comm Tk 2.05. Balance Tk 121,710.33. TrxID AA24AJJH6I at 02/01/2023 22:05', { kind: 'agent_cash_out' });
  expect('bKash', 'Congratulations! You have received Cashback Tk 1.00. Balance Tk 91,950.74. TrxID AC889WE2G0 at 08/03/2023 10:50', { kind: 'cashback', amount: 100 });
  expect('BKASH', 'You have received Tk 5.00 from 01700000006.\nFee Tk 0.00.\nBalance Tk 6.00.\nTrxID CCCC1CCCC2 at 01/12/2024 10:00', { amount: 500 });
  expect('bKash', 'You have received BDT 5.00 from 01700000006. Fee Tk. 0.00. Balance TK  6.00. TrxID CCCC1CCCC3 at 01/12/2024 10:00', { amount: 500, balance: 600 });
});

test('Nagad: line-separated formats, promotions before, short labels, Balance without Tk', () => {
  expect('NAGAD', 'Money Received.\nAmount: Tk 500.00\nSender: 01800000001\nRef: N/A\nTxnID: TEST1ABC\nBalance: Tk 505.00\n20/12/2022 19:22', {
    provider: 'nagad', kind: 'send_money', amount: 50000, payer: '01800000001', ref: null, trxId: 'TEST1ABC', balance: 50500, smsAt: dhaka(2022, 12, 20, 19, 22),
  });
  expect('Nagad', 'Money Received.\nAmount: Tk 646.00\nSender: 01800000002\nRef: office\nTxnID: TEST2XYZ\nBalance: Tk 913.70\n29/01/2024 17:29', { ref: 'office' });
  expect('NAGAD', 'WIN LAND IN DHAKA! CLICK NOW nagad.io/xyz\nMoney Received.\nAmt: Tk 810.00\nSender: 01800000003\nTxnID: TEST3PRO\nBal: Tk 823.95\n01/06/2024 23:02', { amount: 81000, balance: 82395 });
  expect('NAGAD', 'Money Received.\nAmount: Tk 20300.00\nSender: 01700000003\nRef: N/A\nTxnID: 73CCCCCC\nBalance: Tk 20300.32\n23/01/2025 20:58', { amount: 2030000 });
  expect('NAGAD', 'Money Received.\nAmount: Tk 99.00\nSender: 01800000004\nRef: Sample\nTxnID: 75HKUOBF\nBalance: Tk 1289.43\n08/06/2026 19:00', { ref: 'Sample' });
  expect('NAGAD', 'Cash In Received.\nAmount: Tk 5000.00\nUddokta: 01700000001\nTxnID: 72AAAAAA\nBalance: 5032.90\n11/01/2024 16:47', { kind: 'cash_in', balance: 503290 });
  expect('NAGAD', 'WIN LAND IN DHAKA! CLICK NOW  nagad.io/xyz\nCash In Received.\nAmt:Tk 200.00\nUddokta:01700000002\nTxnID: 72BBBBBB\nBal:208.65\n27/03/2024 15:54', { kind: 'cash_in', amount: 20000 });
  expect('NAGAD', 'Payment Received. Amount: Tk 50.00 Customer: 01800000005 TxnID: 74HNEKO8 Balance: Tk 247.78 20/10/2025 17:58', { kind: 'payment', trxId: '74HNEKO8' });
  expect('NAGAD', 'Cash Out Received.\nAmount: Tk 2100.00\nCustomer: 01800000006\nTxnID: 71NHMIC5\nComm: Tk 8.61\nBalance: Tk 110060.81\n21/01/2023 18:30', { kind: 'agent_cash_out', fee: 861 });
  expect('NAGAD', 'B2B Received. Amount: Tk 3000.00 Sender: 01800000007 TxnID: 71R9OL1C Balance: Tk 16202.72 13/03/2023 16:05', { kind: 'b2b' });
  expect('NAGAD', 'Add Money from Bank is Successful.\nFrom: IBBL\nAmount: Tk 340.0\nTxnID: TEST8IBL\nBalance: Tk 340.00\n15/01/2023 21:25', { kind: 'bank_deposit', amount: 34000 });
  expect('NAGAD', 'Add Money from Bank is Successful.\nFrom: Midland Bank Ltd.\nAmount: Tk 200\nTxnID: TEST9MID\nBalance: Tk 306.06\n08/10/2025 10:34', { kind: 'bank_deposit', amount: 20000, payer: 'Midland Bank Ltd.' });
  expect('NAGAD', 'Refund from Daraz BD\nAmount: Tk 239\nTrnxID: TESTBREF\nBalance:TK 267.70\n04/01/2024 18:16', { kind: 'refund', amount: 23900, balance: 26770 });
});

test('Rocket: old and new formats, Tk.20.00, other bank, agent cash-out', () => {
  expect('16216', 'Tk99.00 received from A/C:***515 Fee:Tk0, Your A/C Balance: Tk1,145.85 TxnId:6606781284 Date:08-JUN-26 06:21:43 am. Download https://bit.ly/nexuspay', {
    provider: 'rocket', kind: 'send_money', amount: 9900, fee: 0, balance: 114585, payer: '***515', trxId: '6606781284', smsAt: dhaka(2026, 6, 8, 6, 21, 43),
  });
  expect('16216', 'Tk410.00 received from A/C:017000000011 Fee:Tk0, Your A/C Balance: Tk430.00 TxnId:1234567890 Date:09-APR-20 10:55:36 am.', { payer: '017000000011', amount: 41000 });
  expect('16216', 'Tk.20.00 received from A/C:***946 Ref No: NA Fee: Tk.00 NetBal: Tk41.00 TxnId: 6022164589 Date:27-DEC-25 07:17:16 pm.', { amount: 2000, fee: 0, balance: 4100, ref: null });
  expect('16216', 'Tk10,000.00 received from Other Bank A/C:***00001 Fee:Tk.00 NetBal:Tk10,024.00 TxnId:1234567891 Date:05-JUN-23 02:11:05 pm.', { kind: 'bank_deposit', amount: 1000000 });
  expect('16216', 'Tk500.00 credited from card ****1234. Fee:Tk0 NetBal:Tk900.00 TxnId:1234567892 Date:05-JUN-23 02:11:05 pm.', { kind: 'bank_deposit' });
  expect('16216', 'Cash-Out from A/C: ***097 Tk2,009.00 Comm:Tk8.43; A/C Balance: Tk87,455.82.TxnId: 6017463139 Date:25-DEC-25 05:53:00 pm. Download https://bit.ly/nexuspay', { kind: 'agent_cash_out', amount: 200900, fee: 843 });
});

test('Upay, Tap, Cellfin, OK Wallet, mCash, Pathao Pay', () => {
  expect('upay', 'Tk. 900.00 has been received from 01300000001. Ref-. Balance Tk. 900.00. TrxID 01K7C8Z24V at 12/10/2025 19:15', { provider: 'upay', kind: 'send_money', amount: 90000, ref: null, trxId: '01K7C8Z24V' });
  expect('upay', 'Tk. 900.00 has been received from 01300000001. Ref-order 7. Balance Tk. 1800.00. TrxID 01K7C8Z24W at 12/10/2025 19:15.', { ref: 'order 7' });
  expect('upay', 'You have received Cash-out of Tk. 3940.00 from 01300000004. Comm: TK. 16.1343. Balance Tk. 6568.82. TrxID 01JYG4GET7 at 24/06/2025 10:52.', { kind: 'agent_cash_out', fee: 1613 });
  expect('upay', 'Received Payment of Tk.1.00 from 01300000003. Balance Tk. 5.00. TrxID 01M3V635E3 at 24/06/2025 10:52', { kind: 'payment', amount: 100 });
  expect('tap.', 'Received Tk 150.00 from 01700000001. Balance Tk. 300.00. TxID: ABC123XYZ9.', { provider: 'tap', amount: 15000, smsAt: null });
  expect('IBBL .', 'Islami Bank CellFin Received 500.00 Tk From CellFin: 01700000001 To CellFin: 01700000002 TrxId: CF12345678', { provider: 'cellfin', balance: null });
  expect('16269', '(OK Wallet) Successfully received Tk 75.00 from A/C 01700000001. Ref order Balance Tk 175.00. TrxID OK1234567', { provider: 'okwallet', ref: 'order' });
  expect('16259', 'IBBL mCash You have received Tk: 60.00 From: 01700000001 Reference: x Balance Tk: 90.00 TrxID: MC12345678', { provider: 'mcash', amount: 6000 });
  expect('PathaoPay', 'You have received BDT 250.00 from +8801700000001. Balance BDT 1,250.00 TrxID PP12345678', { provider: 'pathaopay', payer: '01700000001', balance: 125000 });
});

test('a perfect bKash text from any other sender never counts', () => {
  const text = 'You have received Tk 5,000.00 from 01700000006. Fee Tk 0.00. Balance Tk 6,000.00. TrxID CCCC1CCCC1 at 01/12/2024 10:00';
  for (const from of ['01700000000', '+8801700000000', 'bKash ', 'bKash-Info', 'bKashh', 'NAGAD', '16247', '']) {
    const r = outcome(from.trim() === 'bKash' ? 'bKash.' : from, text);
    assert.notEqual(r.outcome, 'credit', `sender "${from}"`);
  }
  assert.equal(outcome('01700000000', text).outcome, 'ignored');
  // Nagad's sender with a bKash body reads no bKash template.
  assert.equal(outcome('NAGAD', text).outcome, 'unrecognised');
});

test('a Ref cannot inject a TrxID, an amount or a balance: the fixed tail is the last one', () => {
  const c = credit('bKash', 'You have received Tk 10.00 from 01700000009. Ref TrxID FAKEFAKE01 Tk 5,000.00. Fee Tk 0.00. Balance Tk 20.00. TrxID REALREAL01 at 17/05/2026 15:45');
  assert.equal(c.trxId, 'REALREAL01');
  assert.equal(c.amount, 1000);
  assert.equal(c.balance, 2000);
  const full = credit(
    'bKash',
    'You have received Tk 10.00 from 01700000009. Ref x. Fee Tk 0.00. Balance Tk 99,999.00. TrxID FAKEFAKE01 at 17/05/2026 15:45. Fee Tk 0.00. Balance Tk 20.00. TrxID REALREAL01 at 17/05/2026 15:46',
  );
  assert.equal(full.trxId, 'REALREAL01');
  assert.equal(full.balance, 2000);
  assert.equal(full.amount, 1000);
  const nagad = credit('NAGAD', 'Money Received.\nAmount: Tk 10.00\nSender: 01800000001\nRef: x\nTxnID: FAKEFAKE\nBalance: Tk 9999.00\n20/12/2022 19:22\nTxnID: REALREAL\nBalance: Tk 505.00\n20/12/2022 19:22');
  assert.equal(nagad.trxId, 'REALREAL');
  assert.equal(nagad.balance, 50500);
  const nagadHeader = credit('NAGAD', 'Money Received.\nAmount: Tk 10.00\nSender: 01800000001\nRef: Money Received. Amount: Tk 5000.00 Sender: 01800000009\nTxnID: REALREAL\nBalance: Tk 505.00\n20/12/2022 19:22');
  assert.equal(nagadHeader.amount, 1000);
  assert.equal(nagadHeader.payer, '01800000001');
  const rocket = credit('16216', 'Tk.20.00 received from A/C:***946 Ref No: Fee: Tk.00 NetBal: Tk999.00 TxnId: 1111111111 Date:27-DEC-25 07:17:16 pm Fee: Tk.00 NetBal: Tk41.00 TxnId: 6022164589 Date:27-DEC-25 07:17:16 pm.');
  assert.equal(rocket.trxId, '6022164589');
  assert.equal(rocket.balance, 4100);
});

test('look-alikes, debits, failures, OTPs and promotions are ignored, never credits', () => {
  const cases: [string, string][] = [
    ['bKash', "You have received BDT 30 Mobile Recharge discount Coupon. Enjoy discount by applying coupon through bKash app's Mobile Recharge. TCA. Validity: 28-07-2025"],
    ['bKash', 'Sorry, your Send Money request to 01700000005 is unsuccessful! Tk 30 has been returned. Balance Tk 70.00. TrxID BBBBBBBBBB at 01/11/2024 10:00'],
    ['bKash', 'Received Recharge request of Tk 50.00 for 01700000003. Fee Tk 0.00. Balance Tk 534.00. TrxID GHI9012DEF at 08/10/2018 19:53. Wait for confirmation.'],
    ['bKash', 'Payment of Tk 1,015.50 to SAMPLE-RM00002 is successful. Balance Tk 10.00. TrxID GHI9012DEG at 08/10/2018 19:53'],
    ['bKash', 'Send Money Tk 510.00 to 01700000000 successful. Ref X. Fee Tk 5.00. Balance Tk 10.00. TrxID GHI9012DEH at 08/10/2018 19:53'],
    ['bKash', '<#> Your bKash verification code is 603872. It expires in 2 minutes.'],
    ['NAGAD', "Congrats! You've received Cashback 5.0 Tk for Mobile Recharge of 100.0 Tk. | 01/02/2024 10:00 | For Details Call 16167"],
    ['NAGAD', 'Congrats! You have received BDT 25 for Nagad Registration. Stay with Nagad for more offers.\nTxnID: TESTCBON\n18/02/2020 22:39\nFor details dial 16167'],
    ['NAGAD', "Payment to 'Daraz Bangladesh Limit' is Successful.\nAmount: Tk  494.00\nTxnID: TESTPAY1\nBalance: Tk 1.00\n01/01/2024 10:00"],
    ['NAGAD', 'Your One Time Password (OTP) for Nagad ECOM is 029856.'],
    ['16216', 'Balance of your A/C:***0045 is BDT 45,755.13 as on 30/06/25.'],
    ['16216', 'Cash-Out to A/C:***336Tk902.00Fee:Tk15.06 Your A/C Balance: Tk326.89.TxnId:5762726721Date:27-SEP-25 05:59:38 pm.'],
    ['16216', 'Your security code for Rocket transaction is 750551.'],
  ];
  for (const [from, text] of cases) assert.equal(outcome(from, text).outcome, 'ignored', `${from}: ${text}`);
});

test('an unknown format from a wallet sender that reads like money received waits for a person', () => {
  assert.deepEqual(outcome('NAGAD', 'Payment - Bangla QR Successfully Received. \n Amount: Tk 1.00 \n Txn ID: 0001U735'), { outcome: 'unrecognised', provider: 'nagad', reason: 'unknown_format' });
  // Greek capital letters in the TxnID (a copy-paste homoglyph) match no template.
  assert.equal(outcome('NAGAD', 'Payment Received. Amount: Tk 50.00 Customer: 01800000005 TxnID: 74HΝΕΚΟ8 Balance: Tk 247.78 20/10/2025 17:58').outcome, 'unrecognised');
  // A lower-case TrxID, a 31st of February, a missing balance: not the wallet's format.
  assert.equal(outcome('bKash', 'You have received Tk 10.00 from 01700000009. Fee Tk 0.00. Balance Tk 20.00. TrxID dEd220MHU4 at 17/05/2026 15:45').outcome, 'unrecognised');
  assert.equal(outcome('bKash', 'You have received Tk 10.00 from 01700000009. Fee Tk 0.00. Balance Tk 20.00. TrxID DED220MHU4 at 31/02/2026 15:45').outcome, 'unrecognised');
  assert.equal(outcome('bKash', 'You have received Tk 10.00 from 01700000009. Fee Tk 0.00. TrxID DED220MHU4 at 17/05/2026 15:45').outcome, 'unrecognised');
});

test('sender IDs are a per-brand list compared exactly and case-insensitively', () => {
  const senders = { ...DEFAULT_SENDER_IDS, bkash: ['bKash', 'BKASH-PAY'] } as Record<SmsProvider, string[]>;
  const text = 'You have received Tk 10.00 from 01700000009. Fee Tk 0.00. Balance Tk 20.00. TrxID DED220MHU4 at 17/05/2026 15:45';
  assert.equal(parseSms('bkash-pay', text, senders).outcome, 'credit');
  assert.equal(parseSms('BKASH-PAY2', text, senders).outcome, 'ignored');
  assert.equal(parseCredit('bkash', text)?.trxId, 'DED220MHU4');
});
