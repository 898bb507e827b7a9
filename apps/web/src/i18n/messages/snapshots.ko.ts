import type { Widen } from './widen';
import type { snapshotsEn } from './snapshots.en';

/** Korean texts of the snapshots card: the same keys as snapshots.en.ts. */
export const snapshotsKo: Widen<typeof snapshotsEn> = {
  title: '스냅샷',
  intro:
    '스냅샷은 어느 한 순간의 머신 디스크 사본으로, 복원하면 디스크가 그때 상태로 돌아가고 머신이 다시 시작되며 스냅샷 뒤에 쓴 파일은 사라집니다.',
  loading: '스냅샷을 불러오는 중…',
  loadFailed: '스냅샷을 불러오지 못했습니다',
  empty: '아직 스냅샷이 없습니다.',
  listLabel: '내 스냅샷 (최신 순)',
  take: {
    label: '스냅샷 이름',
    placeholder: '테마 변경 전',
    hint: '나중에 알아볼 수 있는 이름.',
    submit: '스냅샷 만들기',
    pending: '시작하는 중…',
    done: '스냅샷 “{{name}}”을(를) 만들고 있습니다. 몇 초 걸립니다.',
  },
  refusal: {
    noneInPlan: '내 플랜에는 스냅샷이 포함되어 있지 않습니다.',
    limit: '{{limit}}개 중 {{kept}}개를 보관하고 있습니다. 새로 만들려면 하나를 삭제하세요.',
    busy: '스냅샷을 만들고 있습니다. 끝날 때까지 기다려 주세요.',
    state: '스냅샷은 호스팅이 실행 중이거나 중지된 동안 만들 수 있습니다.',
  },
  item: {
    created: '만든 때',
    size: '크기',
    state: '상태',
    creating: '만드는 중…',
    ready: '준비됨',
    failed: '실패',
    failedBecause: '실패: {{problem}}',
    takenWhileRunning: '머신이 실행 중일 때 만든 스냅샷입니다. 복사하는 동안 파일을 잠시 멈췄습니다.',
    unknownSize: '—',
  },
  restore: {
    button: '복원',
    buttonFor: '{{name}} 복원',
    title: '“{{name}}”을(를) 복원할까요?',
    body: '머신을 중지하고, 디스크를 이 스냅샷을 만든 때({{time}})의 상태로 되돌린 뒤 다시 시작합니다. 그 뒤에 바뀐 내용은 모두 사라집니다.',
    confirm: '스냅샷 복원',
    pending: '복원하는 중…',
    done: '“{{name}}”을(를) 복원하고 있습니다. 잠시 뒤 머신이 다시 시작됩니다.',
  },
  delete: {
    button: '삭제',
    buttonFor: '{{name}} 삭제',
    title: '“{{name}}”을(를) 삭제할까요?',
    body: '스냅샷이 완전히 삭제됩니다. 머신과 파일은 그대로 남습니다.',
    confirm: '스냅샷 삭제',
    pending: '삭제하는 중…',
    done: '스냅샷 “{{name}}”을(를) 삭제했습니다.',
  },
};
