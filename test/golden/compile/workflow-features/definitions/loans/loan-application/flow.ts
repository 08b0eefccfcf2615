import { defineFlow, script } from 'flowschema';
import scoreCustomer from '../components/score-customer.ts';
import applicationForm from '../components/application-form.ts';
import creditCheck from '../credit-scoring/flow.ts';

const notify = { task: { key: 'notify-customer', version: '1.0.0' }, mapping: script('./src/NotifyMapping.csx') };

// Every workflow feature a definition can write beyond states and data: tasks with their mappings, triggers
// (rule, timer, event), views, schemas, a subflow, a wizard, shared transitions, a timeout, resource locks,
// references in every form (an imported definition, { key, version }, external, the platform's ref).
export default defineFlow({
  key: 'loan-application',
  domain: 'loans',
  version: '2.1.0',
  flowVersion: '1.0.0',
  labels: { en: 'Loan application', tr: 'Kredi başvurusu' },
  start: {
    labels: { en: 'Apply' },
    schema: { key: 'decision-input', version: '1.0.0' },
    mapping: script('./src/ApplyMapping.csx'),
    onExecutionTasks: [notify],
    resourceLock: { keyExpression: script('./src/LockKey.csx'), action: 'Acquire', ttlSeconds: 600 },
    versionStrategy: 'Patch',
  },
  event: script('./src/StartEvent.csx'),
  output: script('./src/ApplyMapping.csx'),
  config: { functionCache: { ttlSeconds: 30 } },
  errorBoundary: { onError: [{ action: 'abort', errorCodes: ['500'] }], onTimeout: { action: 'retry', retryPolicy: { initialDelay: 'PT1M', maxRetries: 1 } } },
  functions: [{ key: 'customer-profile', domain: 'crm', version: '1.0.0', external: true }],
  extensions: [{ ref: 'Extensions/audit-trail.json' }, { ref: 'Extensions/partner-audit.json', external: true }],
  features: [{ key: 'audit-trail', version: '1.0.0' }],
  scripts: { helpers: [{ key: 'json-helper', version: '1.0.0' }], allowedAssemblies: ['System.Text.Json'] },
  timeout: { target: 'expired', timer: { reset: 'never', duration: 'P30D' }, mapping: script('./src/ReminderTimer.csx') },
  cancel: { target: 'withdrawn', availableIn: ['filling', { state: 'review', roles: [{ role: 'customer', grant: 'allow' }] }], onExecutionTasks: [notify] },
  updateData: { schema: { ref: 'Schemas/decision-input.json' }, mapping: script('./src/ApplyMapping.csx') },
  sharedTransitions: {
    remind: { target: '$self', timer: script('./src/ReminderTimer.csx'), onExecutionTasks: [notify] },
    'add-document': { target: '$self', availableIn: ['filling', 'review'], schema: { key: 'decision-input', version: '1.0.0' } },
    'add-note': { target: '$self', labels: { en: 'Add a note' }, annotations: { audit: 'true' } },
  },
  states: {
    filling: {
      type: 'wizard',
      labels: { en: 'Filling in' },
      view: { view: applicationForm, loadData: true, extensions: ['customer-profile'] },
      transitions: { submit: { target: 'check-credit', view: applicationForm, schema: { key: 'decision-input', version: '1.0.0' } } },
    },
    'credit-check': {
      type: 'initial',
      onEntries: [
        { task: scoreCustomer, mapping: script('./src/ScoreMapping.csx'), errorBoundary: { onError: [{ action: 'retry', retryPolicy: { initialDelay: 'PT10S', maxRetries: 2 } }] } },
        { task: { ref: 'Tasks/notify-customer.json' }, mapping: script('./src/NotifyMapping.csx'), order: 1, variableKey: 'notice' },
      ],
      transitions: { checked: { target: 'filling', auto: true } },
    },
    'check-credit': {
      type: 'subflow',
      subFlow: { process: creditCheck, mapping: script('./src/CreditCheckMapping.csx'), overrides: { transitions: { done: { roles: [{ role: 'risk-engine', grant: 'allow' }] } }, timeout: { target: 'scored', timer: { reset: 'OnEntry', duration: 'PT15M' } } } },
      transitions: { reviewed: { target: 'review', rule: script('./src/LargeAmountRule.csx') }, 'fast-track': { target: 'approved', auto: true } },
    },
    review: {
      versionStrategy: 'Major',
      interaction: { longPoll: { terminate: true, fallbackTimeoutSeconds: 30, roles: [{ role: 'underwriter', grant: 'allow' }] } },
      notifications: [{ mapping: script('./src/NotifyMapping.csx'), rule: script('./src/LargeAmountRule.csx') }],
      errorBoundary: { onError: [], onTimeout: { action: 'notify', transition: 'expired' } },
      alias: [{ name: 'underwriting', roles: [{ role: 'underwriter', grant: 'allow' }], labels: { en: 'Underwriting' } }],
      view: { rules: [{ rule: script('./src/LargeAmountRule.csx'), view: { key: 'review-screen', version: '1.0.0' } }], default: { view: applicationForm } },
      onExits: [notify],
      transitions: {
        approve: { target: 'approved', rule: script('./src/ApproveRule.csx'), onExecutionTasks: [{ task: scoreCustomer, mapping: script('./src/ScoreMapping.csx') }] },
        paid: { target: 'approved', event: script('./src/PaymentEventMapping.csx'), mapping: script('./src/ApplyMapping.csx') },
        expire: { target: 'expired', timer: script('./src/ReminderTimer.csx'), resourceLock: { keyExpression: script('./src/LockKey.csx'), action: 'Release' } },
      },
    },
    approved: { type: 'final', subType: 'success' },
    withdrawn: { type: 'final', subType: 'cancelled' },
    expired: { type: 'final', subType: 'timeout' },
  },
});
