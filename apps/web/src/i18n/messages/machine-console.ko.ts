import type { machineConsoleEn } from './machine-console.en';
import type { Widen } from './widen';

/** Korean texts of the machine console page: the same keys as machine-console.en.ts. */
export const machineConsoleKo: Widen<typeof machineConsoleEn> = {
  title: '콘솔',
  subtitle: '브라우저에서 보는 머신의 화면입니다. SSH가 안 될 때 여기서 로그인하세요.',
  back: '호스팅으로 돌아가기',
  loading: '호스팅을 불러오는 중…',
  loadFailed: '호스팅을 불러오지 못했습니다',
  noHosting: '호스팅이 없어 열 콘솔이 없습니다. 먼저 호스팅을 만드세요.',
  notRunning:
    '콘솔은 실행 중인 머신에서만 열 수 있는데, 지금 머신의 상태는 “{{status}}”입니다. 호스팅 페이지에서 시작한 뒤 다시 오세요.',
  serialLine:
    '콘솔은 네트워크 연결이 아니라 머신의 시리얼 회선입니다. 머신의 네트워크 설정이 망가졌거나 방화벽이 SSH를 막아도 쓸 수 있습니다.',
  loginAs: '{{login}} 계정으로 머신의 비밀번호를 넣어 로그인하세요.',
  terminal: '{{name}}의 콘솔',
  state: {
    connecting: '연결하는 중…',
    connected: '연결됨',
    disconnected: '연결 끊김: 서버와의 연결이 끊어졌습니다.',
    failed: '콘솔을 열지 못했습니다: {{message}}',
  },
  connectAgain: '다시 연결',
  ended: {
    taken_over: '다른 창이나 탭에서 콘솔을 열어 그쪽으로 넘어갔습니다. 호스팅마다 콘솔은 한 번에 하나만 열립니다.',
    session_expired: 'Hostbay 로그인이 만료되었습니다. 콘솔을 쓰려면 다시 로그인하세요.',
    account_unavailable: '이 계정은 더 이상 콘솔을 쓸 수 없습니다(비밀번호가 바뀌었거나, 계정이 정지 또는 삭제됨).',
    hosting_unavailable: '머신이 멈췄거나 더 이상 쓸 수 없습니다.',
    console_failed: '서버에서 콘솔에 문제가 생겼습니다. 다시 연결해 보세요.',
    server_stopping: 'Hostbay가 다시 시작하고 있습니다. 잠시 뒤 다시 연결하세요.',
  },
  errors: {
    console_unavailable:
      '지금은 콘솔을 열 수 없습니다. 머신이 실행 중이 아니거나, Hostbay에 콘솔이 생기기 전에 만든 머신입니다(운영자에게 문의하세요).',
    console_ticket_invalid: '콘솔 접속 티켓이 더 이상 유효하지 않습니다. 다시 연결하세요.',
    guest_agent_unavailable:
      '머신이 응답하지 않았습니다(아직 시작하는 중이거나 게스트 에이전트가 멈춤). 1분 뒤 다시 시도하세요.',
  },
  keys: {
    label: '추가 키',
    esc: 'Esc 키',
    tab: 'Tab 키',
    ctrlC: 'Ctrl+C (실행 중인 프로그램 멈추기)',
    ctrlD: 'Ctrl+D (입력 끝, 로그아웃)',
    up: '위쪽 화살표',
    down: '아래쪽 화살표',
    left: '왼쪽 화살표',
    right: '오른쪽 화살표',
  },
  password: {
    title: '콘솔 비밀번호 정하기',
    intro:
      '비밀번호가 없나요? SSH 키로 호스팅을 만들었다면 머신 계정에는 콘솔에서 입력할 비밀번호가 없습니다. 여기서 정하면 Hostbay가 게스트 에이전트를 통해 머신에 설정합니다.',
    ssh: 'SSH 키로 만든 호스팅은 SSH에서는 계속 비밀번호를 받지 않습니다. 비밀번호로 만든 호스팅은 SSH에서도 이 새 비밀번호를 씁니다.',
    label: '{{login}}의 새 비밀번호',
    hint: '8자 이상.',
    submit: '비밀번호 정하기',
    pending: '정하는 중…',
    done: '비밀번호를 정했습니다. {{login}} 계정으로 이 비밀번호를 넣어 로그인하세요.',
  },
};
