import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { parseInput } from '../../lib/validation.js';
import { recordAudit } from '../../modules/audit/audit.js';
import { getSenderIds, SENDER_LABELS, setSenderIds, updateSendersInput } from '../../modules/sms/senders.js';
import {
  addSmsByHand,
  changeSmsState,
  getBrandSms,
  listBrandSms,
  listSmsQuery,
  listWalletViews,
  pasteSmsInput,
  setBalanceInput,
  setWalletBalance,
  smsView,
  type SmsView,
  type WalletView,
} from '../../modules/sms/service.js';
import type { IngestResult } from '../../modules/sms/ingest.js';
import type { SmsProvider } from '../../modules/sms/providers.js';
import { adminActor } from '../plugins/admin-session.js';

type SmsParams = { Params: { id: string } };

/** A pasted message: what became of it, and the message as stored (none when it was not a wallet's). */
export type SmsAdded = { result: IngestResult; sms: SmsView | null };
export type WalletList = { wallets: WalletView[] };
/** Each wallet's sender IDs. */
export type SenderIdList = { senders: Record<SmsProvider, string[]> };

/** SMS data: list and search, paste by hand, approve / trash / restore, wallet balances, sender IDs. */
export async function smsRoutes(app: FastifyInstance, { db, metrics }: AppDeps) {
  app.get('/brands/:brand/sms', async (request) => listBrandSms(db, request.brand, parseInput(listSmsQuery, request.query)));

  app.post('/brands/:brand/sms', async (request, reply) => {
    const input = parseInput(pasteSmsInput, request.body);
    const result = await addSmsByHand(db, request.brand, input, adminActor(request), 'admin');
    metrics.smsIngested('admin', result.status);
    const sms = result.sms_id ? smsView(await getBrandSms(db, request.brand, result.sms_id)) : null;
    return reply.code(result.sms_id && result.status !== 'duplicate' ? 201 : 200).send({ result, sms } satisfies SmsAdded);
  });

  app.get<SmsParams>('/brands/:brand/sms/:id', async (request) => ({ sms: smsView(await getBrandSms(db, request.brand, request.params.id)) }));

  for (const action of ['approve', 'trash', 'restore'] as const) {
    app.post<SmsParams>(`/brands/:brand/sms/:id/${action}`, async (request) => ({
      sms: await changeSmsState(db, request.brand, request.params.id, action, adminActor(request)),
    }));
  }

  app.get('/brands/:brand/sms-wallets', async (request): Promise<WalletList> => ({ wallets: await listWalletViews(db, request.brand) }));

  app.put('/brands/:brand/sms-wallets/balance', async (request) => ({
    wallet: await setWalletBalance(db, request.brand, parseInput(setBalanceInput, request.body, { balance: 'Balance' }), adminActor(request)),
  }));

  app.get('/brands/:brand/sms-senders', async (request): Promise<SenderIdList> => ({ senders: await getSenderIds(db, request.brand.id) }));

  app.patch('/brands/:brand/sms-senders', async (request): Promise<SenderIdList> => {
    const input = parseInput(updateSendersInput, request.body, SENDER_LABELS);
    const before = await getSenderIds(db, request.brand.id);
    const senders = await setSenderIds(db, request.brand.id, input);
    const changes = Object.fromEntries(Object.keys(input).map((p) => [p, { from: before[p as keyof typeof before], to: senders[p as keyof typeof senders] }]));
    await recordAudit(db, { brandId: request.brand.id, actor: adminActor(request), action: 'sms_senders.updated', targetId: request.brand.id, changes });
    return { senders };
  });
}
