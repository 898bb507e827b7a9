import { DATABASE_KINDS } from '../../support/databases.js';
import { faultsSuite } from './faults-suite.js';

faultsSuite(DATABASE_KINDS[0]!);
