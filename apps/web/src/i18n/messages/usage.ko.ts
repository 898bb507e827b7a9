import type { usageEn } from './usage.en';
import type { Widen } from './widen';

/** Korean texts of the usage card: the same keys as usage.en.ts. */
export const usageKo: Widen<typeof usageEn> = {
  title: '사용량',
  intro: '머신이 쓰는 자원입니다. 10초마다 읽고, 오래될수록 덜 자세하게 30일 동안 보관합니다.',
  range: {
    label: '기간',
    '1h': '최근 1시간',
    '24h': '최근 하루',
    '30d': '최근 30일',
  },
  loading: '사용량을 불러오는 중…',
  loadFailed: '사용량을 불러오지 못했습니다',
  empty: '아직 측정값이 없습니다. 머신이 시작하고 1분 안에 첫 값이 나타납니다.',
  charts: {
    cpu: 'CPU',
    cpuScale_one: 'vCPU {{count}}개 중 사용 중인 비율',
    cpuScale_other: 'vCPU {{count}}개 중 사용 중인 비율',
    memory: '메모리',
    memoryScale: '{{total}} 중 사용량',
    perSecond: '초당 바이트, 각 점의 구간 평균',
    disk: '디스크 읽기와 쓰기',
    network: '네트워크 수신과 송신',
  },
  series: {
    cpu: 'CPU',
    memory: '사용 중인 메모리',
    diskRead: '읽기',
    diskWrite: '쓰기',
    networkIn: '수신',
    networkOut: '송신',
  },
  summary: '{{series}}: 현재 {{latest}}, 최대 {{peak}}.',
  notCounted: '측정하지 않음: 이 Hostbay가 머신을 네트워크에 잇는 방식에서는 호스트가 머신의 트래픽을 셀 수 없습니다.',
};
