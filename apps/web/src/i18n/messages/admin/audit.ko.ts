import type { Widen } from '../widen';
import type { auditEn } from './audit.en';

/** Korean texts of the admin audit page: the same keys as audit.en.ts. */
export const auditKo: Widen<typeof auditEn> = {
  title: '감사 로그',
  subtitle: '누가 무엇을 했는지 최신순으로 보여 줍니다.',
  caption: '감사 로그 항목, 최신순',
  loading: '감사 로그를 불러오는 중…',
  columns: {
    at: '시각',
    actor: '수행자',
    action: '작업',
    target: '대상',
    result: '결과',
    clientIp: '클라이언트 주소',
    requestId: '요청 ID',
    detail: '세부 정보',
  },
  actor: {
    anonymous: '익명',
    system: 'Hostbay (시스템)',
    cli: '{{name}} (명령줄)',
    filterBy: '{{name}} 님의 작업만 보기',
  },
  target: {
    kinds: {
      user: '회원',
      hosting: '호스팅',
      invitation: '초대',
      plan: '플랜',
      domain: '도메인',
      snapshot: '스냅샷',
    },
    filterBy: '이 {{kind}}에 관한 항목만 보기',
  },
  actions: {
    admin: {
      user_plan: '회원 플랜 변경',
      plan_update: '플랜 수정',
    },
  },
  areas: {
    auth: '계정',
    hosting: '호스팅',
    admin: '관리',
    cli: '명령줄',
    system: 'Hostbay 자체',
  },
  requestId: {
    copy: '요청 ID {{id}} 복사',
    copied: '요청 ID를 복사했습니다.',
  },
  filters: {
    label: '감사 로그 필터',
    action: '작업',
    result: '결과',
    any: '전체',
    target: '대상 ID',
    targetPlaceholder: '정확한 ID',
    targetHint: '회원, 호스팅, 초대, 플랜, 스냅샷의 정확한 ID 또는 도메인 이름',
    since: '시작일',
    until: '종료일(포함)',
    actor: '수행자: {{name}}',
    removeActor: '수행자 필터 해제 ({{name}})',
  },
  empty: {
    title: '항목 없음',
    body: '아직 기록된 항목이 없습니다.',
    filteredBody: '이 필터에 맞는 항목이 없습니다.',
  },
  export: {
    button: 'CSV 내보내기',
    pending: '내보내는 중…',
    done: '감사 로그를 내보냈습니다.',
    failed: '감사 로그를 내보내지 못했습니다',
  },
};
