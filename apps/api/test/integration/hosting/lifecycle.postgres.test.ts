import { DATABASE_KINDS } from '../../support/databases.js';
import { lifecycleSuite } from './lifecycle-suite.js';

lifecycleSuite(DATABASE_KINDS[1]!);
