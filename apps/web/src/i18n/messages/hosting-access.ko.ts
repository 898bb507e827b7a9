import type { hostingAccessEn } from './hosting-access.en';
import type { Widen } from './widen';

/** Korean texts of how a member gets into their hosting (en: hosting-access.en.ts). */
export const hostingAccessKo: Widen<typeof hostingAccessEn> = {
  keyHelp: {
    summary: 'SSH 키는 어떻게 만드나요?',
    make: '내 컴퓨터의 터미널에서 한 번만 만들면 됩니다(Linux·macOS는 터미널, Windows 10·11은 PowerShell):',
    files:
      '키를 저장할 위치를 물으면 Enter를 누르세요. 파일 두 개가 생깁니다. id_ed25519는 개인 키로 내 컴퓨터 밖으로 내보내지 않고, id_ed25519.pub는 여기에 붙여 넣을 공개 키입니다.',
    showUnix: 'Linux·macOS에서 공개 키 보기(파일 위치: ~/.ssh/id_ed25519.pub):',
    showWindows: 'Windows에서(파일 위치: C:\\Users\\<사용자>\\.ssh\\id_ed25519.pub):',
    copy: '명령 복사',
  },
  privateKey: {
    pem: '붙여 넣은 것은 개인 키이며, 전송하지 않았습니다. 개인 키는 본인임을 증명하는 비밀입니다. 내 컴퓨터에만 두고 Hostbay를 포함해 누구에게도 주지 마세요. 대신 공개 키를 붙여 넣으세요. .pub로 끝나는 파일에 있는, ssh-ed25519로 시작하는 한 줄입니다.',
    putty:
      'PuTTY 키 파일(.ppk)로, 개인 키가 들어 있으며 전송하지 않았습니다. PuTTYgen에서 열고 “Public key for pasting into OpenSSH authorized_keys file” 아래의 글을 대신 붙여 넣으세요.',
  },
  initialPassword: {
    command: '이 명령으로 접속한 뒤 비밀번호를 입력하세요:',
    copyCommand: 'SSH 명령 복사',
    commandPending: '머신의 SSH 포트가 정해지면 곧 여기에 접속 명령이 나타납니다.',
    stays:
      '“저장했습니다”를 누를 때까지 이 창은 닫히지 않습니다. 비밀번호는 다시 보여 드릴 수 없습니다. 나중에 호스팅 페이지에서 새 비밀번호를 정할 수 있습니다.',
  },
  newPassword: {
    row: '비밀번호',
    rowFor: {
      password: 'SSH, SFTP와 콘솔에서 비밀번호를 씁니다.',
      key: 'SSH와 SFTP는 키를 쓰고, 비밀번호는 콘솔에만 쓰입니다.',
    },
    open: '새 비밀번호 설정',
    title: '새 비밀번호 설정',
    password:
      '이 호스팅은 SSH에서 비밀번호를 받습니다. 새 비밀번호는 ssh, scp, sftp와 SFTP 프로그램이 묻는 비밀번호이며 콘솔 로그인에도 쓰입니다. 이전 비밀번호는 더 이상 쓸 수 없습니다.',
    key: '이 호스팅은 SSH에서 키로만 접속합니다. 이 비밀번호는 콘솔의 로그인 프롬프트용이며, SSH·scp·sftp는 계속 키를 사용합니다.',
    label: '{{user}}의 새 비밀번호',
    hint: '8자 이상.',
    submit: '비밀번호 설정',
    pending: '설정 중…',
    done: '{{user}}의 비밀번호를 설정했습니다.',
    notRunning: '먼저 호스팅을 시작하세요. 비밀번호는 실행 중인 머신에 설정됩니다.',
    errors: {
      console_unavailable: '지금은 비밀번호를 설정할 수 없습니다. 머신이 실행 중이 아닙니다.',
      guest_agent_unavailable: '머신이 응답하지 않았습니다(아직 시작 중일 수 있습니다). 1분 뒤 다시 시도하세요.',
    },
  },
  details: {
    technical: '기술 정보',
    internalName: '내부 이름',
  },
};
