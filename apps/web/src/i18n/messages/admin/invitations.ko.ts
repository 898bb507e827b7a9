import type { Widen } from '../widen';
import type { invitationsEn } from './invitations.en';

/** Korean texts of the admin invitations page: the same keys as invitations.en.ts. */
export const invitationsKo: Widen<typeof invitationsEn> = {
  title: '초대',
  subtitle: '한 번만 쓸 수 있는 가입 링크입니다. 링크를 가진 누구나 쓰거나, 한 이메일 주소만 쓰게 할 수 있습니다.',
  mode: {
    invite:
      '이곳은 초대가 있어야 가입할 수 있습니다(HOSTBAY_SIGNUP=invite). 링크 하나로 한 사람이 계정을 만들 수 있습니다.',
    open:
      '이곳은 누구나 초대 없이 가입할 수 있어서(HOSTBAY_SIGNUP=open) 초대는 효력이 없습니다. 링크로 가입 페이지가 ' +
      '열리기는 하지만 필요하지 않으며 사용 처리되지도 않습니다. 초대를 필수로 하려면 HOSTBAY_SIGNUP=invite로 설정하세요.',
    domains:
      '이곳은 {{domains}} 주소만 가입할 수 있습니다(HOSTBAY_SIGNUP=domains). 초대를 받은 사람은 외부 손님처럼 다른 ' +
      '주소로도 가입할 수 있으며, 그러면 초대는 사용 처리됩니다.',
    approval:
      '이곳의 새 계정은 관리자의 승인을 기다립니다(HOSTBAY_SIGNUP=approval). 초대 링크로 가입한 사람은 바로 ' +
      '활성화됩니다. 초대한 것이 곧 승인한 것입니다.',
    closed:
      '이곳은 가입이 닫혀 있습니다(HOSTBAY_SIGNUP=closed). 초대가 있어도 아무도 가입할 수 없습니다. 초대를 쓰려면 ' +
      'HOSTBAY_SIGNUP=invite로 설정하세요.',
  },
  create: {
    title: '새 초대',
    email: '이메일(선택)',
    emailHint: '이 주소만 링크로 가입할 수 있습니다. 비워 두면 링크를 가진 누구나 가입할 수 있습니다.',
    expiry: '링크 유효 기간',
    days_one: '{{count}}일',
    days_other: '{{count}}일',
    submit: '초대 만들기',
    pending: '만드는 중…',
    success: '초대를 만들었습니다.',
  },
  created: {
    title: '초대 링크',
    body: '초대할 사람에게 이 링크를 보내세요. 지금 복사해 두세요. 다시 볼 수 없습니다.',
    link: '가입 링크',
    forEmail: '{{email}} 주소만 이 링크로 가입할 수 있습니다.',
    forAnyone: '링크를 가진 누구나 한 번 가입할 수 있습니다.',
    until: '{{date}}까지 쓸 수 있습니다.',
    copy: '링크 복사',
    copied: '링크를 클립보드에 복사했습니다.',
    done: '완료',
  },
  list: {
    caption: '초대 목록(최신순)',
    heading: '만든 초대',
    email: '대상',
    state: '상태',
    created: '만든 때',
    until: '만료',
    actions: '작업',
    anyone: '링크를 가진 누구나',
    by: '만든 사람: {{name}}',
    usedBy: '가입한 사람: {{name}}',
    you: '나',
    member: '회원 {{id}}',
    loading: '초대를 불러오는 중…',
    emptyTitle: '아직 초대가 없습니다',
    emptyBody: '만든 초대가 여기에 사용 여부와 함께 표시됩니다.',
  },
  state: {
    pending: '대기 중',
    used: '사용됨',
    expired: '만료됨',
    revoked: '취소됨',
  },
  revoke: {
    open: '초대 취소',
    openFor: '초대 취소: {{who}}',
    confirmTitle: '이 초대를 취소할까요?',
    confirmBody: '{{email}} 주소용 링크는 바로 쓸 수 없게 됩니다. 되돌릴 수 없습니다.',
    confirmBodyAnyone: '이 링크는 누가 가지고 있든 바로 쓸 수 없게 됩니다. 되돌릴 수 없습니다.',
    confirm: '초대 취소',
    pending: '취소하는 중…',
    success: '초대를 취소했습니다.',
  },
};
