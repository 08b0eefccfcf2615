import { defineFlow, sql } from 'flowschema';
export default defineFlow({
  key: 'order',
  domain: 'shop',
  version: '2.0.0-rc.1',
  states: {
    cart: { type: 'initial', transitions: { checkout: 'placed' } },
    placed: { transitions: { ship: 'shipped', cancel: 'cancelled' } },
    shipped: { type: 'final' },
    cancelled: { type: 'final' },
  },
  tables: {
    products: {
      columns: {
        sku: { type: 'varchar', length: 32 },
        region: { type: 'char', length: 2 },
        name: { type: 'text', unique: true },
        price: { type: 'numeric', precision: 10, scale: 2 },
      },
      primaryKey: ['sku', 'region'],
      unique: [['name', 'region']],
    },
    orderLines: {
      name: 'lines',
      columns: {
        lineNo: { type: 'integer' },
        orderId: { type: 'uuid', references: { table: 'instances', column: 'id', onDelete: 'cascade' } },
        productName: { type: 'text', references: { table: 'products', column: 'name', onDelete: 'restrict' } },
        parentLine: { type: 'bigint', optional: true, references: { table: 'lineIds', onDelete: 'set null' } },
        quantity: { type: 'integer', default: 1 },
        addedAt: { type: 'timestamptz', default: sql('now()') },
      },
      primaryKey: ['orderId', 'lineNo'],
      indexes: [{ columns: ['productName', 'quantity'], name: 'lines_by_product' }],
      checks: { quantityPositive: 'quantity > 0' },
    },
    lineIds: {
      columns: { id: { type: 'integer', primaryKey: true } },
    },
  },
});
