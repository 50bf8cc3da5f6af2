import { Foundation1767225600000 } from './1767225600000-Foundation';
import { ReferenceData1767225600001 } from './1767225600001-ReferenceData';
import { RequestSearch1767225600100 } from './1767225600100-RequestSearch';
import { SearchWords1767225600101 } from './1767225600101-SearchWords';
import { RequestSearchVector1767225600102 } from './1767225600102-RequestSearchVector';
import { RequestListIndexes1767225600103 } from './1767225600103-RequestListIndexes';
import { CallLog1767225600400 } from './1767225600400-CallLog';
import { PendingExtension1767225600500 } from './1767225600500-PendingExtension';
import { CallEndEstimated1767225601000 } from './1767225601000-CallEndEstimated';
import { LoginFailures1767225602000 } from './1767225602000-LoginFailures';
import { ConfidentialHomeAddress1767225602001 } from './1767225602001-ConfidentialHomeAddress';
import { Consultations1767225604000 } from './1767225604000-Consultations';
import { RequestCategory1767225605000 } from './1767225605000-RequestCategory';
import { Imports1767225605001 } from './1767225605001-Imports';
import { StructuredTimeline1767225607000 } from './1767225607000-StructuredTimeline';
import { QueueSettings1767225610000 } from './1767225610000-QueueSettings';
import { SupervisorWorklist1767225611000 } from './1767225611000-SupervisorWorklist';
import { Cluster1767225612000 } from './1767225612000-Cluster';
import { ReportCoveringIndex1767225613000 } from './1767225613000-ReportCoveringIndex';
import { SearchVectorFunctions1767225613001 } from './1767225613001-SearchVectorFunctions';
import { SearchWordsOnce1767225614000 } from './1767225614000-SearchWordsOnce';
import { RequestBodyVector1767225614001 } from './1767225614001-RequestBodyVector';
import { FewerRequestIndexes1767225614002 } from './1767225614002-FewerRequestIndexes';
import { PhoneLookupIndex1767225614003 } from './1767225614003-PhoneLookupIndex';
import { ConsultationLegRetry1767225614020 } from './1767225614020-ConsultationLegRetry';
import { UniqueExternalNumber1767225615000 } from './1767225615000-UniqueExternalNumber';
import { CallbackWrapUp1767225615001 } from './1767225615001-CallbackWrapUp';
import { ConfidentialExecutorSearch1767225619060 } from './1767225619060-ConfidentialExecutorSearch';
import { Backups1767225621000 } from './1767225621000-Backups';
import { Retention1767225621100 } from './1767225621100-Retention';
import { QueueDisplayName1767225622000 } from './1767225622000-QueueDisplayName';
import { Recordings1767225623023 } from './1767225623023-Recordings';
import { CallTransfers1767225623300 } from './1767225623300-CallTransfers';
import { Staffing1767225628000 } from './1767225628000-Staffing';
import { RecordingErasure1767225629000 } from './1767225629000-RecordingErasure';
import { MyTopicsIndex1767225630000 } from './1767225630000-MyTopicsIndex';
import { Notices1767225631100 } from './1767225631100-Notices';
import { Escalations1767225631110 } from './1767225631110-Escalations';
import { Open3111767225632000 } from './1767225632000-Open311';
import { CitizenNotifications1767225632100 } from './1767225632100-CitizenNotifications';
import { SearchFilterIndexes1767225633000 } from './1767225633000-SearchFilterIndexes';
import { ReportApplicantCategories1767225633010 } from './1767225633010-ReportApplicantCategories';
import { UserSoftphone1767225630200 } from './1767225630200-UserSoftphone';
import { Outages1767225631000 } from './1767225631000-Outages';

/** Every migration, in timestamp order. A new migration is one new file and one line here. */
export const migrations = [
  Foundation1767225600000,
  ReferenceData1767225600001,
  RequestSearch1767225600100,
  SearchWords1767225600101,
  RequestSearchVector1767225600102,
  RequestListIndexes1767225600103,
  CallLog1767225600400,
  PendingExtension1767225600500,
  CallEndEstimated1767225601000,
  LoginFailures1767225602000,
  ConfidentialHomeAddress1767225602001,
  Consultations1767225604000,
  RequestCategory1767225605000,
  Imports1767225605001,
  StructuredTimeline1767225607000,
  QueueSettings1767225610000,
  SupervisorWorklist1767225611000,
  Cluster1767225612000,
  ReportCoveringIndex1767225613000,
  SearchVectorFunctions1767225613001,
  SearchWordsOnce1767225614000,
  RequestBodyVector1767225614001,
  FewerRequestIndexes1767225614002,
  PhoneLookupIndex1767225614003,
  ConsultationLegRetry1767225614020,
  UniqueExternalNumber1767225615000,
  CallbackWrapUp1767225615001,
  ConfidentialExecutorSearch1767225619060,
  Backups1767225621000,
  Retention1767225621100,
  QueueDisplayName1767225622000,
  Recordings1767225623023,
  CallTransfers1767225623300,
  Staffing1767225628000,
  RecordingErasure1767225629000,
  MyTopicsIndex1767225630000,
  UserSoftphone1767225630200,
  Outages1767225631000,
  Notices1767225631100,
  Escalations1767225631110,
  Open3111767225632000,
  CitizenNotifications1767225632100,
  SearchFilterIndexes1767225633000,
  ReportApplicantCategories1767225633010,
];
