import { DATABASE_KINDS } from '../../support/databases.js';
import { concurrencySuite } from './concurrency-suite.js';

concurrencySuite(DATABASE_KINDS[1]!);
