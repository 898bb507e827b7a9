import type { Widen } from '../widen';
import type { hostingsEn } from './hostings.en';

/** Korean texts of the admin hostings page: the same keys as hostings.en.ts. */
export const hostingsKo: Widen<typeof hostingsEn> = {
  title: '호스팅',
  subtitle: '모든 회원의 호스팅입니다. 회원 대신 시작, 중지, 재부팅하거나 삭제할 수 있습니다.',
  caption: '호스팅 목록, 최신순',
  loading: '호스팅 목록을 불러오는 중…',
  filter: {
    status: '상태',
    all: '모든 상태',
  },
  empty: {
    title: '호스팅이 없습니다',
    all: '아직 호스팅을 가진 회원이 없습니다.',
    filtered: '이 상태인 호스팅이 없습니다.',
  },
  columns: {
    owner: '소유자',
    status: '상태',
    size: '크기',
    ssh: 'SSH 포트',
    address: '주소',
    created: '생성일',
    actions: '작업',
  },
  vcpus_one: 'vCPU {{count}}개',
  vcpus_other: 'vCPU {{count}}개',
  menu: '{{owner}} 님의 호스팅 작업',
  ownerSuspended: '소유자의 계정이 정지되었습니다. 정지가 해제될 때까지 호스팅은 꺼진 채로 있습니다.',
  start: {
    done: '{{owner}} 님의 호스팅을 시작하고 있습니다.',
  },
  stop: {
    title: '{{owner}} 님의 호스팅을 중지할까요?',
    body: '{{owner}}({{email}}) 님의 가상 머신이 꺼집니다. 다시 시작할 때까지 사이트와 SSH가 응답하지 않습니다.',
    confirm: '호스팅 중지',
    pending: '중지하는 중…',
    done: '{{owner}} 님의 호스팅을 중지하고 있습니다.',
  },
  reboot: {
    title: '{{owner}} 님의 호스팅을 재부팅할까요?',
    body: '{{owner}}({{email}}) 님의 가상 머신이 다시 시작됩니다. 잠시 사이트와 SSH가 응답하지 않으며, 실행 중인 작업은 중단됩니다.',
    confirm: '호스팅 재부팅',
    pending: '재부팅하는 중…',
    done: '{{owner}} 님의 호스팅을 재부팅하고 있습니다.',
  },
  delete: {
    title: '{{owner}} 님의 호스팅을 삭제할까요?',
    body: '{{owner}}({{email}}) 님의 가상 머신과 디스크, 그 안의 모든 파일이 영구히 삭제됩니다. 계정은 남아 있으므로 새 호스팅을 만들 수 있습니다. 되돌릴 수 없습니다.',
    confirm: '호스팅 삭제',
    pending: '삭제하는 중…',
    done: '{{owner}} 님의 호스팅을 삭제하고 있습니다.',
  },
};
