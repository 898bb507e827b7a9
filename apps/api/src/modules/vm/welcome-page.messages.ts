/**
 * The welcome page's words (welcome-page.ts), in the two languages Hostbay speaks. They follow the dashboard's
 * "Publish your site" card (apps/web/src/i18n/messages/publish.*.ts) and docs/users*.md, which walk through the
 * same commands. Plain text: the template escapes every value.
 */
export type WelcomeLanguage = 'ko' | 'en';

export interface WelcomeMessages {
  /** The other section's name, for the link to it at the top. */
  otherLanguage: string;
  heading: (username: string) => string;
  intro: string;
  address: string;
  firstPage: {
    title: string;
    folder: string;
    run: string;
    windows: string;
    login: Record<'key' | 'password', string>;
    open: string;
  };
  more: { title: string; rsync: string; sftp: string; ssh: string };
  apps: {
    title: string;
    intro: string;
    protocol: string;
    host: string;
    port: string;
    user: string;
    secret: Record<'key' | 'password', { label: string; value: string }>;
    folder: string;
  };
  trouble: {
    title: string;
    hostKey: string;
    denied: Record<'key' | 'password', string>;
    port: string;
    forbidden: string;
  };
  /** A hosting whose public SSH port is unknown: no commands, only where to find them. */
  noAccess: string;
}

export const WELCOME_MESSAGES: Record<WelcomeLanguage, WelcomeMessages> = {
  ko: {
    otherLanguage: 'English',
    heading: (username) => `${username}님, 환영합니다!`,
    intro:
      '이 페이지는 내 머신이 보여 주는 내 사이트입니다. 내 파일로 바꾸세요. 사이트는 머신의 /var/www/html 폴더에 있는 파일이고, 이 폴더는 내 것입니다.',
    address: '내 주소:',
    firstPage: {
      title: '5분 만에 첫 페이지 만들기',
      folder: '내 컴퓨터에 site라는 폴더를 만들고 그 안에 index.html 파일을 넣으세요.',
      run: 'site 폴더가 있는 폴더에서 터미널을 열고 실행하세요(Linux, macOS):',
      windows: 'Windows 10·11에서는 PowerShell에서 실행하세요(OpenSSH가 기본으로 들어 있습니다):',
      login: { key: 'SSH 키로 자동 로그인됩니다.', password: '비밀번호를 물으면 SSH 비밀번호를 입력하세요.' },
      open: '이 주소를 새로 고치면 내 페이지가 보입니다.',
    },
    more: {
      title: '다른 방법',
      rsync: '바뀐 것만 보내기(rsync, Linux·macOS):',
      sftp: '하나씩 올리기(sftp: /var/www/html에서 시작합니다. put index.html, put -r images, exit):',
      ssh: '머신에 로그인해서 고치기(nano /var/www/html/index.html):',
    },
    apps: {
      title: '프로그램으로: FileZilla, WinSCP, Cyberduck',
      intro: '아래 설정으로 새 연결을 만든 뒤 파일을 /var/www/html로 끌어다 놓으세요.',
      protocol: '프로토콜',
      host: '호스트',
      port: '포트',
      user: '사용자',
      secret: {
        key: { label: '키 파일', value: '개인 키(.pub가 없는 파일, 예: id_ed25519)' },
        password: { label: '비밀번호', value: 'SSH 비밀번호' },
      },
      folder: '폴더',
    },
    trouble: {
      title: '잘 안 될 때',
      hostKey: '처음 접속할 때 “Are you sure you want to continue connecting?”이라고 물으면 yes를 입력하세요.',
      denied: {
        key: 'Permission denied (publickey): 호스팅을 만들 때 넣은 공개 키의 개인 키가 필요합니다. 예: scp -i ~/.ssh/id_ed25519 …',
        password: 'Permission denied: 비밀번호를 다시 정확히 입력하세요.',
      },
      port: 'Connection refused 또는 시간 초과: 포트를 확인하세요. scp와 sftp는 대문자 -P, ssh는 소문자 -p입니다.',
      forbidden: '브라우저에 403 Forbidden이 나오면 웹 서버가 파일을 읽을 수 없는 것입니다. 머신에서 실행하세요:',
    },
    noAccess: '파일을 올리는 방법은 Hostbay 대시보드의 “사이트 게시하기” 카드에 있습니다.',
  },
  en: {
    otherLanguage: '한국어',
    heading: (username) => `Welcome, ${username}!`,
    intro:
      'This is your site, served by your own machine. Replace this page with yours: your site is the files in the folder /var/www/html on the machine, and that folder is yours.',
    address: 'Your address:',
    firstPage: {
      title: 'Your first page in five minutes',
      folder: 'On your computer, make a folder named site with a file index.html in it.',
      run: 'Open a terminal in the folder that holds site and run (Linux, macOS):',
      windows: 'On Windows 10 or 11, run this in PowerShell (OpenSSH is built in):',
      login: { key: 'Your SSH key logs you in.', password: 'Type your SSH password when it asks.' },
      open: 'Reload this address: your page is there.',
    },
    more: {
      title: 'Other ways',
      rsync: 'Send only what changed (rsync, Linux and macOS):',
      sftp: 'Upload step by step (sftp starts in /var/www/html: put index.html, put -r images, exit):',
      ssh: 'Log in and edit on the machine (nano /var/www/html/index.html):',
    },
    apps: {
      title: 'With an app: FileZilla, WinSCP, Cyberduck',
      intro: 'Make a new connection with these settings, then drag your files into /var/www/html.',
      protocol: 'Protocol',
      host: 'Host',
      port: 'Port',
      user: 'User',
      secret: {
        key: { label: 'Key file', value: 'your private key (the file without .pub, such as id_ed25519)' },
        password: { label: 'Password', value: 'your SSH password' },
      },
      folder: 'Folder',
    },
    trouble: {
      title: 'When it does not work',
      hostKey: 'The first time, SSH asks “Are you sure you want to continue connecting?”: type yes.',
      denied: {
        key: 'Permission denied (publickey): you need the private key of the public key you gave when you created the hosting, e.g. scp -i ~/.ssh/id_ed25519 …',
        password: 'Permission denied: type the password again, exactly.',
      },
      port: 'Connection refused or timed out: check the port. scp and sftp take a capital -P, ssh a small -p.',
      forbidden: '403 Forbidden in the browser: the web server cannot read your files. Run this on the machine:',
    },
    noAccess: 'The “Publish your site” card on your Hostbay dashboard shows how to copy your files here.',
  },
};
