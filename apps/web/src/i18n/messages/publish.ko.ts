import type { publishEn } from './publish.en';
import type { Widen } from './widen';

/** Korean texts of the "Publish your site" card (en: publish.en.ts). */
export const publishKo: Widen<typeof publishEn> = {
  title: '사이트 게시하기',
  intro:
    '사이트는 머신의 {{root}}에 있는 파일입니다. 아래 명령 중 하나로 내 컴퓨터의 파일을 그곳에 복사하면 바로 사이트에 나타납니다.',
  firstPage: {
    title: '5분 만에 첫 페이지 만들기',
    folder:
      '내 컴퓨터에 site라는 폴더를 만들고 그 안에 index.html 파일을 넣으세요(<h1>안녕하세요</h1> 한 줄이면 충분합니다).',
    run: 'site 폴더가 있는 폴더에서 터미널을 열고 아래의 scp 명령을 실행하세요.',
    login: {
      password: '비밀번호를 물으면 SSH 비밀번호를 입력하세요.',
      key: 'SSH 키로 자동 로그인됩니다.',
    },
    open: '내 주소를 여세요:',
  },
  system: {
    label: '내 컴퓨터',
    unix: 'Linux 또는 macOS',
    windows: 'Windows',
  },
  terminal: {
    unix: '터미널에서 실행하세요.',
    windows:
      'PowerShell 또는 명령 프롬프트에서 실행하세요. OpenSSH(ssh, scp, sftp)는 Windows 10·11에 기본으로 들어 있습니다.',
  },
  commands: {
    scp: {
      title: '폴더 복사(scp)',
      note: 'site 폴더의 모든 파일을 {{root}}로 복사합니다. 이름이 같은 파일은 바뀝니다.',
      copy: 'scp 명령 복사',
    },
    sftp: {
      title: '하나씩 올리기(sftp)',
      note: '{{root}}에서 세션이 열리면 put index.html로 파일을, put -r images로 폴더를 올리고, ls로 목록을 보고, exit로 나옵니다.',
      copy: 'sftp 명령 복사',
    },
    rsync: {
      title: '바뀐 것만 보내기(rsync)',
      note: '나중에 고칠 때 가장 빠릅니다. 내 컴퓨터에도 rsync가 있어야 하며, macOS와 대부분의 Linux에는 들어 있습니다.',
      windows: 'Windows에는 rsync가 없습니다. scp나 sftp를 쓰세요.',
      copy: 'rsync 명령 복사',
    },
  },
  copied: '명령을 복사했습니다.',
  apps: {
    title: '프로그램으로: FileZilla, WinSCP, Cyberduck',
    intro: '아래 설정으로 새 연결을 만든 뒤 파일을 {{root}}로 끌어다 놓으세요.',
    protocol: '프로토콜',
    host: '호스트',
    port: '포트',
    user: '사용자',
    password: '비밀번호',
    passwordValue: 'SSH 비밀번호',
    key: '키 파일',
    keyValue: '개인 키, 곧 .pub가 없는 파일(id_ed25519)입니다. WinSCP가 자체 형식으로 바꾸겠냐고 물으면 수락하세요.',
    folder: '폴더',
  },
};
