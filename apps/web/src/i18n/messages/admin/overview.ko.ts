import type { Widen } from '../widen';
import type { overviewEn } from './overview.en';

/** Korean texts of the admin overview page: the same keys as overview.en.ts. */
export const overviewKo: Widen<typeof overviewEn> = {
  title: '개요',
  subtitle: '이 Hostbay의 호스팅, 자원, 회원 현황을 한눈에 봅니다.',
  loading: '개요를 불러오는 중…',
  loadFailed: '개요를 불러오지 못했습니다',
  updated: '{{time}}에 갱신됨. 30초마다 새로 고칩니다.',
  refreshFailed: '새로 고치지 못했습니다({{message}}). {{time}} 기준의 수치입니다.',
  hostings: {
    title: '상태별 호스팅',
    total_one: '전체 호스팅 {{count}}개',
    total_other: '전체 호스팅 {{count}}개',
    hint: '상태를 누르면 해당 호스팅 목록을 봅니다.',
  },
  resources: {
    title: '자원',
    hint: '현재 있는 호스팅에 할당된 양과 이 호스트가 가진 양입니다.',
    vcpus: 'vCPU',
    memory: '메모리',
    disk: '디스크',
    usedOf: '{{total}} 중 {{used}}',
    unknown: '{{used}} 할당됨. 호스트의 크기는 알 수 없습니다',
    over: '호스트가 가진 것보다 많습니다',
  },
  capacity: {
    title: '수용량',
    label: '호스팅',
    value: '호스팅 {{limit}}개 중 {{hostings}}개',
    hint: '동시에 있을 수 있는 호스팅의 최대 개수입니다(HOSTBAY_CAPACITY). 이를 넘으면 새 호스팅을 만들 수 없습니다.',
    full: '가득 찼습니다. 새 호스팅을 만들 수 없습니다.',
  },
  members: {
    title: '회원',
    hint: '상태를 누르면 해당 회원 목록을 봅니다.',
    active: '활성',
    pending: '승인 대기',
    suspended: '정지됨',
    admins: '관리자',
  },
  templates: {
    title: '즉시 호스팅',
    hint: '머신 사양마다 부팅해 둔 템플릿이 있으면 새 호스팅이 몇 초 만에 준비됩니다.',
    off: {
      setting: '꺼짐(HOSTBAY_TEMPLATES=off): 모든 호스팅이 부팅하며 약 1분 걸립니다.',
      remote_libvirt: '꺼짐: libvirt가 다른 호스트에 있습니다. 모든 호스팅이 부팅하며 약 1분 걸립니다.',
      bridge: '브리지 모드에서는 꺼짐: 모든 호스팅이 부팅하며 약 1분 걸립니다.',
      cloud_image: '꺼짐: 게스트 이미지가 게스트 에이전트 없는 배포판 클라우드 이미지입니다. 모든 호스팅이 부팅합니다.',
      no_hostings: '꺼짐: 이 Hostbay는 호스팅을 실행하지 않습니다.',
    },
    none: '아직 템플릿이 없습니다. 첫 템플릿을 준비하고 있습니다.',
    shape: 'vCPU {{vcpus}}개, {{memory}} MB, {{disk}} GB',
    ready: '준비됨, {{time}}에 {{seconds}}초 걸려 만듦',
    building: '만드는 중(약 2분). 그동안 호스팅은 부팅합니다',
    waiting: '만들 차례를 기다리는 중',
    failed: '만들지 못했습니다. 나중에 다시 시도합니다: {{error}}',
  },
};
