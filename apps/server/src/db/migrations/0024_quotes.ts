// Quotes: a catalogue of products and services, and quotes made of lines from it (quantity, unit price, discount,
// IVA), sent to the customer with a link where they accept or decline; acceptance wins the deal.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  const workspace = (c: any) => c.notNull().references('workspaces.id').onDelete('cascade');
  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('sku', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    /** product | service */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** pieza, hora, mes, servicio… in the workspace's words */
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('price_cents', ms, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('tax_rate', 'real', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_name').on('products').columns(['workspace_id', 'active', 'name']).execute();
  await db.schema
    .createTable('quotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.references('deals.id').onDelete('set null'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    /** draft | sent | accepted | declined */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    /** YYYY-MM-DD: after it the customer can no longer accept. */
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('subtotal_cents', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('discount_cents', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('tax_cents', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('total_cents', ms, (c) => c.notNull().defaultTo(0))
    /** The customer's link: only its hash, minted when the quote is sent. */
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('sent_at', ms)
    .addColumn('accepted_at', ms)
    .addColumn('accepted_by', 'text')
    .addColumn('declined_at', ms)
    .addColumn('decline_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quotes_number').on('quotes').columns(['workspace_id', 'number']).unique().execute();
  await db.schema.createIndex('quotes_deal').on('quotes').columns(['workspace_id', 'deal_id']).execute();
  await db.schema.createIndex('quotes_contact').on('quotes').columns(['workspace_id', 'contact_id']).execute();
  await db.schema.createIndex('quotes_updated').on('quotes').columns(['workspace_id', 'updated_at']).execute();
  await db.schema
    .createTable('quote_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('quote_id', 'text', (c) => c.notNull().references('quotes.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.references('products.id').onDelete('set null'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'real', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_price_cents', ms, (c) => c.notNull())
    .addColumn('discount_percent', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_rate', 'real', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quote_lines_quote')
    .on('quote_lines')
    .columns(['workspace_id', 'quote_id', 'position'])
    .execute();
}
