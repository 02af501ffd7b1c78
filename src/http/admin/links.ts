import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { pageParams, parseInput } from '../../lib/validation.js';
import { adminActor } from '../plugins/admin-session.js';
import { createLinkInput, linkFormLabels, updateLinkInput } from '../../modules/links/fields.js';
import { createLink, deleteLink, getLinkView, listLinkViews, updateLink, type LinkView } from '../../modules/links/service.js';

export type LinkList = { links: LinkView[]; total: number; page: number; per_page: number };
export type LinkAnswer = { payment_link: LinkView };

type LinkParams = { Params: { id: string } };
const listQuery = z.object(pageParams);

/** Payment links (PRODUCT.md §6, docs/admin-api.md): list, create, read, edit, delete, and the QR code of a link's URL. */
export async function linkRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  app.get('/brands/:brand/payment-links', async (request): Promise<LinkList> => {
    const { page, per_page } = parseInput(listQuery, request.query);
    return listLinkViews(db, request.brand, config.publicUrl, page, per_page);
  });

  app.post('/brands/:brand/payment-links', async (request, reply) => {
    const input = parseInput(createLinkInput, request.body, linkFormLabels);
    const answer: LinkAnswer = { payment_link: await createLink(db, request.brand, input, adminActor(request), config.publicUrl) };
    return reply.code(201).send(answer);
  });

  app.get<LinkParams>(
    '/brands/:brand/payment-links/:id',
    async (request): Promise<LinkAnswer> => ({ payment_link: await getLinkView(db, request.brand, request.params.id, config.publicUrl) }),
  );

  app.patch<LinkParams>('/brands/:brand/payment-links/:id', async (request): Promise<LinkAnswer> => {
    const input = parseInput(updateLinkInput, request.body, linkFormLabels);
    return { payment_link: await updateLink(db, request.brand, request.params.id, input, adminActor(request), config.publicUrl) };
  });

  app.delete<LinkParams>('/brands/:brand/payment-links/:id', async (request, reply) => {
    await deleteLink(db, request.brand, request.params.id, adminActor(request));
    return reply.code(204).send();
  });

  /** The link's URL as a QR code to print or post: PNG (512 px) or SVG, downloaded under the link's slug. */
  app.get<LinkParams>('/brands/:brand/payment-links/:id/qr.png', async (request, reply) => {
    const link = await getLinkView(db, request.brand, request.params.id, config.publicUrl);
    const png = await QRCode.toBuffer(link.url, { type: 'png', width: 512, margin: 2, errorCorrectionLevel: 'M' });
    return reply.type('image/png').header('Content-Disposition', `attachment; filename="${link.slug}.png"`).send(png);
  });
  app.get<LinkParams>('/brands/:brand/payment-links/:id/qr.svg', async (request, reply) => {
    const link = await getLinkView(db, request.brand, request.params.id, config.publicUrl);
    const svg = await QRCode.toString(link.url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').header('Content-Disposition', `attachment; filename="${link.slug}.svg"`).send(svg);
  });
}
