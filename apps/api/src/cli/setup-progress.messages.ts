/** The set-up page's words, in the two languages Hostbay speaks. */
export type SetupLanguage = 'en' | 'ko';

export interface SetupMessages {
  title: string;
  lead: string;
  refreshes: string;
  stepOf: (n: number, count: number) => string;
  partOf: (n: number, count: number) => string;
  next: string;
  elapsedInStep: (duration: string) => string;
  elapsedInAll: (duration: string) => string;
  failedTitle: string;
  failedWhatToDo: string;
  failedMessage: string;
  otherLanguage: string;
  stateWords: Record<'done' | 'running' | 'waiting' | 'failed', string>;
  /** Step and image-phase ids the page knows; anything else shows its English label. */
  labels: Record<string, string>;
  duration: (seconds: number) => string;
}

export const SETUP_MESSAGES: Record<SetupLanguage, SetupMessages> = {
  en: {
    title: 'Hostbay is setting up',
    lead: 'The first start builds the guest image that every hosting boots: about 4 minutes on a 2-core machine. Later starts take seconds.',
    refreshes: 'This page refreshes itself; the dashboard opens here when Hostbay is ready.',
    stepOf: (n, count) => `Step ${n} of ${count}`,
    partOf: (n, count) => `Part ${n} of ${count}`,
    next: 'Next',
    elapsedInStep: (d) => `${d} in this step`,
    elapsedInAll: (d) => `Set-up running for ${d}.`,
    failedTitle: 'The set-up stopped',
    failedWhatToDo:
      'Fix what the message below says, then start ./hostbay up again (Ctrl-C in its terminal stops this one). The terminal shows the same message.',
    failedMessage: 'Message',
    otherLanguage: '한국어',
    stateWords: { done: 'done', running: 'running', waiting: 'waiting', failed: 'failed' },
    labels: {
      packages: 'Installing the host packages',
      libvirt: 'Starting libvirt',
      image: 'Building the guest image',
      start: 'Starting Hostbay',
      mirror: 'Checking the Debian mirror',
      debootstrap: 'Installing Debian packages',
      configure: 'Configuring the guest',
      kernel: 'Extracting the kernel and initrd',
      filesystem: 'Writing the ext4 file system',
      qcow2: 'Converting to qcow2',
      publish: 'Publishing the image',
    },
    duration: (s) => (s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`),
  },
  ko: {
    title: 'Hostbay를 준비하고 있습니다',
    lead: '처음 시작할 때는 모든 호스팅이 부팅할 게스트 이미지를 만듭니다. 2코어 머신에서 약 4분 걸립니다. 다음부터는 몇 초면 시작합니다.',
    refreshes: '이 페이지는 스스로 새로 고쳐지며, Hostbay가 준비되면 이 주소에서 대시보드가 열립니다.',
    stepOf: (n, count) => `${count}단계 중 ${n}단계`,
    partOf: (n, count) => `${count}개 중 ${n}번째`,
    next: '다음',
    elapsedInStep: (d) => `이 단계에서 ${d} 경과`,
    elapsedInAll: (d) => `준비를 시작한 지 ${d}.`,
    failedTitle: '준비가 멈췄습니다',
    failedWhatToDo:
      '아래 메시지가 말하는 문제를 해결한 뒤 ./hostbay up을 다시 시작하세요(지금 것은 그 터미널에서 Ctrl-C로 멈춥니다). 터미널에도 같은 메시지가 있습니다.',
    failedMessage: '메시지',
    otherLanguage: 'English',
    stateWords: { done: '완료', running: '진행 중', waiting: '대기', failed: '실패' },
    labels: {
      packages: '호스트 패키지 설치',
      libvirt: 'libvirt 시작',
      image: '게스트 이미지 만들기',
      start: 'Hostbay 시작',
      mirror: 'Debian 미러 확인',
      debootstrap: 'Debian 패키지 설치',
      configure: '게스트 설정',
      kernel: '커널과 initrd 추출',
      filesystem: 'ext4 파일 시스템 쓰기',
      qcow2: 'qcow2로 변환',
      publish: '이미지 게시',
    },
    duration: (s) => (s < 60 ? `${s}초` : `${Math.floor(s / 60)}분 ${s % 60}초`),
  },
};
