// Compiled by `tsc -p tsconfig.clients.json` in the test suite (test/client/typecheck.test.ts),
// never run. Each @ts-expect-error must meet an error: a line that compiled would fail the check.
import type pg from 'pg';
import {
  CustomerOnboardingClient,
  CustomerOnboardingExecutionClient,
  transaction,
  type DataVersion,
  type Instance,
  type InstancePage,
  type TransitionOf,
} from '../../generated/onboarding/flows/customer_onboarding/client.ts';

export async function typeErrors(db: pg.Pool): Promise<void> {
  const client = new CustomerOnboardingClient(db);
  const reader = new CustomerOnboardingExecutionClient(db);

  // @ts-expect-error 'approvee' is no transition of this flow
  await client.transition('id', 'approvee');

  // @ts-expect-error a state's transitions are typed by state
  const fromCollect: TransitionOf<'collect-info'> = 'approve';
  void fromCollect;

  // @ts-expect-error riskScore is a number
  await client.updateData('id', { riskScore: 'high' }, { etag: 'e' });

  // @ts-expect-error segment is one of retail, sme, corporate
  await client.start('k', { customerId: 'c', email: 'e', segment: 'enterprise' });

  // @ts-expect-error email is required
  await client.start('k', { customerId: 'c', segment: 'sme' });

  // @ts-expect-error fileName is a required column of documents
  await client.documents.insert({ instanceId: 'i', kind: 'passport', sizeBytes: '1', checksum: 'x' });

  // @ts-expect-error the execution client cannot start instances
  await reader.start('k', { customerId: 'c', email: 'e', segment: 'sme' });

  // @ts-expect-error nor insert into flow tables
  await reader.documents.insert({ instanceId: 'i', kind: 'passport', fileName: 'f', sizeBytes: '1', checksum: 'x' });

  // @ts-expect-error a transition's body goes in its options: { body }
  await client.transition('id', 'submit', { by: 'ada' });

  // @ts-expect-error data written by a transition needs the etag it replaces
  await client.transition('id', 'submit', { data: { riskScore: 1 } });

  // @ts-expect-error the data a transition writes is typed too
  await client.transition('id', 'submit', { data: { riskScore: 'high' }, etag: 'e' });

  // @ts-expect-error list filters by the flow's states
  await client.list({ state: 'kyc' });

  // @ts-expect-error and by the instance statuses
  await client.count({ status: 'paused' });

  // @ts-expect-error the execution client cannot cancel
  await reader.cancel('id');

  // These compile: the right names and types.
  await client.transition('id', 'submit');
  const moved: Instance = await client.transition('id', 'submit', { body: { by: 'ada' }, etag: 'e' });
  const withData: { instance: Instance; data: DataVersion } = await client.transition('id', 'submit', { data: { riskScore: 1 }, etag: 'e' });
  void moved;
  void withData;
  const page: InstancePage = await reader.list({ state: ['collect-info', 'kyc-check'], status: 'active' }, { limit: 10 });
  await reader.list({}, { after: page.next });
  await client.documents.insert({ instanceId: 'i', kind: 'passport', fileName: 'f', sizeBytes: 1, checksum: 'x' });
  await client.documents.insert({ instanceId: 'i', kind: 'passport', fileName: 'f', sizeBytes: '1', checksum: 'x' });
  const size: string = (await client.documents.insert({ instanceId: 'i', kind: 'passport', fileName: 'f', sizeBytes: 1, checksum: 'x' })).sizeBytes;
  void size;
  await transaction(db, async (tx) => {
    const inTx = new CustomerOnboardingClient(tx);
    await inTx.transition('id', 'submit');
    await inTx.documents.insert({ instanceId: 'i', kind: 'passport', fileName: 'f', sizeBytes: 1, checksum: 'x' });
  });
}
