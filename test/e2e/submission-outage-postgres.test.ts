import { describeSubmissionSteps } from './submission-steps';

describeSubmissionSteps('postgres', 'outages');
