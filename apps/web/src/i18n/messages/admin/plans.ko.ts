import type { Widen } from '../widen';
import type { plansEn } from './plans.en';

/** Korean texts of the admin plans page: the same keys as plans.en.ts. */
export const plansKo: Widen<typeof plansEn> = {
  title: '플랜',
  subtitle: '회원의 호스팅이 가질 수 있는 vCPU, 메모리, 디스크, 스냅샷입니다.',
  add: '새 플랜',
  howItApplies:
    '새 호스팅은 만들 때 회원의 플랜을 받습니다. 플랜이 바뀌면 호스팅은 중지 상태에서 다음에 시작할 때 새 크기를 ' +
    '받습니다(재부팅으로는 바뀌지 않습니다). 그때까지는 지금 크기를 유지합니다. 디스크는 줄어들지 않습니다. ' +
    '플랜의 디스크가 더 작아도 이미 더 큰 디스크는 그대로 둡니다. 스냅샷 수는 바로 적용됩니다.',
  defaultNote:
    '기본 플랜은 이름 있는 플랜에 속하지 않은 모든 회원에게 적용됩니다. HOSTBAY_VM_VCPUS, HOSTBAY_VM_MEMORY_MB, ' +
    'HOSTBAY_VM_DISK_GB, HOSTBAY_SNAPSHOTS_PER_HOSTING 설정에서 오며 여기서는 바꿀 수 없습니다.',
  list: {
    caption: '플랜 목록(기본 플랜이 먼저)',
    name: '플랜',
    vcpus: 'vCPU',
    memory: '메모리',
    disk: '디스크',
    snapshots: '스냅샷',
    members: '회원',
    actions: '작업',
    defaultName: '기본',
    fromSettings: '설정에서 옴 · 읽기 전용',
    loading: '플랜을 불러오는 중…',
    loadFailed: '플랜을 불러오지 못했습니다',
    noNamed: '아직 이름 있는 플랜이 없습니다. 모든 회원이 기본 플랜을 씁니다.',
  },
  form: {
    createTitle: '새 플랜',
    editTitle: '{{name}} 플랜 수정',
    description: '이 플랜의 회원은 호스팅을 다음에 시작할 때 이 크기를 받습니다. 디스크는 줄어들지 않습니다.',
    name: '이름',
    nameHint: '관리자와 회원에게 보이는 이름이며 64자까지 쓸 수 있습니다.',
    vcpus: 'vCPU',
    memory: '메모리(MB)',
    disk: '디스크(GB)',
    snapshots: '스냅샷',
    snapshotsHint: '호스팅이 보관할 수 있는 디스크 스냅샷 수: {{min}}~{{max}} (0이면 만들 수 없음).',
    range: '{{min}}~{{max}}',
    nameTaken: '같은 이름의 플랜이 이미 있습니다.',
    create: '플랜 만들기',
    creating: '만드는 중…',
    save: '변경 사항 저장',
    saving: '저장하는 중…',
    created: '{{name}} 플랜을 만들었습니다.',
    saved: '{{name}} 플랜을 저장했습니다. 이 플랜의 호스팅은 다음에 시작할 때 적용됩니다.',
  },
  edit: {
    open: '수정',
    openFor: '{{name}} 플랜 수정',
  },
  delete: {
    open: '삭제',
    openFor: '{{name}} 플랜 삭제',
    confirmTitle: '{{name}} 플랜을 삭제할까요?',
    confirmBody: '이 플랜을 쓰는 회원이 없습니다. 삭제하면 되돌릴 수 없습니다.',
    confirmBodyInUse_one:
      '회원 {{count}}명이 이 플랜을 쓰고 있습니다. 회원 페이지에서 다른 플랜으로 옮기기 전에는 삭제할 수 없습니다.',
    confirmBodyInUse_other:
      '회원 {{count}}명이 이 플랜을 쓰고 있습니다. 회원 페이지에서 다른 플랜으로 옮기기 전에는 삭제할 수 없습니다.',
    confirm: '플랜 삭제',
    pending: '삭제하는 중…',
    success: '{{name}} 플랜을 삭제했습니다.',
    inUse_one: '아직 이 플랜을 쓰는 회원이 있습니다. 먼저 다른 플랜으로 옮기세요.',
    inUse_other: '아직 회원 {{count}}명이 이 플랜을 쓰고 있습니다. 먼저 다른 플랜으로 옮기세요.',
  },
};
