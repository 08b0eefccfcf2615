// Compiled by `tsc -p tsconfig.clients.json` in the test suite (test/client/typecheck.test.ts),
// never run. Each @ts-expect-error must meet an error: a line that compiled would fail the check.
import type pg from 'pg';
import { CustomerOnboardingClient, CustomerOnboardingExecutionClient, type TransitionOf } from '../../generated/onboarding/flows/customer_onboarding/client.ts';

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

  // These compile: the right names and types.
  await client.transition('id', 'submit');
  await client.documents.insert({ instanceId: 'i', kind: 'passport', fileName: 'f', sizeBytes: '1', checksum: 'x' });
}
