// Imported by flowschema import from vnext/Workflows/loan-application.json.
import { defineFlow, script } from 'flowschema';
import applicationFormView from '../views/application-form.view.ts';
import auditTrailExtension from '../extensions/audit-trail.extension.ts';
import creditScoringFlow from '../credit-scoring/credit-scoring.flow.ts';
import decisionInputSchema from '../schemas/decision-input.schema.ts';
import jsonHelperMapping from '../mappings/json-helper.mapping.ts';
import loanApplicationMasterSchema from '../schemas/loan-application-master.schema.ts';
import notifyCustomerTask from '../tasks/notify-customer.task.ts';
import reviewScreenView from '../views/review-screen.view.ts';
import scoreCustomerTask from '../tasks/score-customer.task.ts';

const notifyCustomerCall = { task: notifyCustomerTask, mapping: script('./src/NotifyMapping.csx') } as const;
const underwriterRoles = [{ role: 'underwriter', grant: 'allow' }] as const;

export default defineFlow({
  key: 'loan-application',
  domain: 'loans',
  version: '2.1.0',
  labels: { en: 'Loan application', tr: 'Kredi başvurusu' },
  schema: loanApplicationMasterSchema,
  start: {
    labels: { en: 'Apply' },
    onExecutionTasks: [notifyCustomerCall],
    mapping: script('./src/ApplyMapping.csx'),
    schema: decisionInputSchema,
    resourceLock: { keyExpression: script('./src/LockKey.csx'), action: 'Acquire', ttlSeconds: 600 },
    versionStrategy: 'Patch',
  },
  cancel: {
    target: 'withdrawn',
    onExecutionTasks: [notifyCustomerCall],
    availableIn: ['filling', { state: 'review', roles: [{ role: 'customer', grant: 'allow' }] }],
  },
  updateData: { mapping: script('./src/ApplyMapping.csx'), schema: { ref: 'Schemas/decision-input.json' } },
  errorBoundary: {
    onTimeout: { action: 'retry', retryPolicy: { initialDelay: 'PT1M', maxRetries: 1 } },
    onError: [{ action: 'abort', errorCodes: ['500'] }],
  },
  timeout: {
    target: 'expired',
    timer: { reset: 'never', duration: 'P30D' },
    mapping: script('./src/ReminderTimer.csx'),
  },
  sharedTransitions: {
    remind: { target: '$self', timer: script('./src/ReminderTimer.csx'), onExecutionTasks: [notifyCustomerCall] },
    'add-document': { target: '$self', schema: decisionInputSchema, availableIn: ['filling', 'review'] },
    'add-note': { target: '$self', labels: { en: 'Add a note' }, annotations: { audit: 'true' } },
  },
  functions: [{ key: 'customer-profile', domain: 'crm', version: '1.0.0', external: true }],
  extensions: [{ ref: 'Extensions/audit-trail.json' }, { ref: 'Extensions/partner-audit.json', external: true }],
  features: [auditTrailExtension],
  scripts: { helpers: [jsonHelperMapping], allowedAssemblies: ['System.Text.Json'] },
  event: script('./src/StartEvent.csx'),
  output: script('./src/ApplyMapping.csx'),
  config: { functionCache: { ttlSeconds: 30 } },
  states: {
    filling: {
      type: 'wizard',
      labels: { en: 'Filling in' },
      view: { view: applicationFormView, loadData: true, extensions: ['customer-profile'] },
      transitions: {
        submit: { target: 'check-credit', schema: decisionInputSchema, view: { view: applicationFormView } },
      },
    },
    'credit-check': {
      type: 'initial',
      onEntries: [
        {
          task: scoreCustomerTask,
          mapping: script('./src/ScoreMapping.csx'),
          errorBoundary: { onError: [{ action: 'retry', retryPolicy: { initialDelay: 'PT10S', maxRetries: 2 } }] },
        },
        {
          task: { ref: 'Tasks/notify-customer.json' },
          mapping: script('./src/NotifyMapping.csx'),
          order: 1,
          variableKey: 'notice',
        },
      ],
      transitions: { checked: { target: 'filling', auto: true } },
    },
    'check-credit': {
      type: 'subflow',
      subFlow: {
        process: creditScoringFlow,
        mapping: script('./src/CreditCheckMapping.csx'),
        overrides: {
          timeout: { target: 'scored', timer: { reset: 'OnEntry', duration: 'PT15M' } },
          transitions: { done: { roles: [{ role: 'risk-engine', grant: 'allow' }] } },
        },
      },
      transitions: {
        reviewed: { target: 'review', rule: script('./src/LargeAmountRule.csx') },
        'fast-track': { target: 'approved', auto: true },
      },
    },
    review: {
      versionStrategy: 'Major',
      alias: [{ name: 'underwriting', roles: underwriterRoles, labels: { en: 'Underwriting' } }],
      errorBoundary: { onTimeout: { action: 'notify', transition: 'expired' }, onError: [] },
      onExits: [notifyCustomerCall],
      view: {
        rules: [{ rule: script('./src/LargeAmountRule.csx'), view: reviewScreenView }],
        default: { view: applicationFormView },
      },
      interaction: { longPoll: { terminate: true, fallbackTimeoutSeconds: 30, roles: underwriterRoles } },
      notifications: [{ mapping: script('./src/NotifyMapping.csx'), rule: script('./src/LargeAmountRule.csx') }],
      transitions: {
        approve: {
          target: 'approved',
          rule: script('./src/ApproveRule.csx'),
          onExecutionTasks: [{ task: scoreCustomerTask, mapping: script('./src/ScoreMapping.csx') }],
        },
        paid: {
          target: 'approved',
          event: script('./src/PaymentEventMapping.csx'),
          mapping: script('./src/ApplyMapping.csx'),
        },
        expire: {
          target: 'expired',
          timer: script('./src/ReminderTimer.csx'),
          resourceLock: { keyExpression: script('./src/LockKey.csx'), action: 'Release' },
        },
      },
    },
    approved: { type: 'final', subType: 'success' },
    withdrawn: { type: 'final', subType: 'cancelled' },
    expired: { type: 'final', subType: 'timeout' },
  },
});
