import { describeSubmissionSteps } from './submission-steps';

describeSubmissionSteps('sqlite', 'outages');
