import type { Widen } from './widen';
import type { hostingStatesEn } from './hosting-states.en';

/** Korean texts of the hosting's states and the stop and reboot questions: the same keys as hosting-states.en.ts. */
export const hostingStatesKo: Widen<typeof hostingStatesEn> = {
  stopped: {
    badgeUnexpected: '예기치 않게 멈춤',
    unexpectedTitle: '호스팅이 예기치 않게 멈췄습니다',
    unexpectedBody:
      '대시보드에서 멈춘 것이 아닙니다. 머신 안에서 종료했거나(poweroff 등), 메모리가 부족했거나, 서버에서 멈췄을 수 있습니다. 파일은 그대로 있습니다. 시작을 누르면 사이트가 다시 열립니다.',
    operatorTitle: '운영자가 호스팅을 멈췄습니다',
    operatorBody: '파일은 그대로 있습니다. 필요할 때 시작을 누르거나, 운영자에게 이유를 물어보세요.',
  },
  rebooting: '머신이 다시 시작되는 동안 사이트가 멈춥니다. 보통 1분 정도 걸리며, 아래 단계가 끝나면 다시 열립니다.',
  confirmStop: {
    title: '호스팅을 중지할까요?',
    body: '다시 시작할 때까지 사이트가 열리지 않고 SSH도 응답하지 않습니다. 파일은 그대로 남습니다.',
    confirm: '호스팅 중지',
    pending: '중지하는 중…',
  },
  confirmReboot: {
    title: '호스팅을 재부팅할까요?',
    body: '머신이 다시 시작되는 동안, 보통 1분 정도 사이트가 멈춥니다. 파일은 그대로 남습니다.',
    confirm: '호스팅 재부팅',
    pending: '재부팅하는 중…',
  },
};
