import type { Widen } from './widen';
import type { domainsEn } from './domains.en';

/** Korean texts of the domains card: the same keys as domains.en.ts. */
export const domainsKo: Widen<typeof domainsEn> = {
  title: '내 도메인',
  intro:
    'www.example.org처럼 직접 가진 도메인으로 이 사이트를 열 수 있습니다. 여기서 도메인을 추가한 뒤, 표시되는 DNS 레코드를 DNS 서비스에 설정하세요. 도메인이 이곳을 가리키면 Hostbay가 연결합니다.',
  loading: '도메인을 불러오는 중…',
  loadFailed: '도메인을 불러오지 못했습니다',
  empty: '아직 도메인이 없습니다.',
  steps: {
    label: '진행 상황',
    dns: '이 Hostbay를 가리킴 (DNS)',
    route: '사이트에 연결',
    certificate: 'HTTPS 인증서',
    dnsWaiting: 'DNS 레코드를 기다리는 중',
  },
  state: {
    pending: '대기',
    running: '진행 중',
    done: '완료',
    failed: '실패',
    skipped: '이 Hostbay는 HTTPS를 쓰지 않습니다',
  },
  records: {
    title: '설정할 DNS 레코드',
    hint: '이 중 하나를 DNS 서비스에 설정하세요. 영역의 최상위(www. 없는 example.org 자체)에는 CNAME을 둘 수 없으므로 A 레코드를 쓰세요.',
    type: '유형',
    name: '이름',
    value: '값',
    copyName: '{{type}} 레코드의 이름 복사',
    copyValue: '{{type}} 레코드의 값 복사 ({{value}})',
  },
  check: {
    button: '지금 확인',
    pending: '확인 중…',
    never: '아직 확인하지 않았습니다.',
    found: '마지막 확인 {{time}}: {{found}}을(를) 가리켰습니다.',
    foundNothing: '마지막 확인 {{time}}: 도메인을 찾을 수 없었습니다.',
    ok: '{{domain}}이(가) 이곳을 가리킵니다.',
    notYet:
      '{{domain}}이(가) 아직 이곳을 가리키지 않습니다. DNS 변경이 퍼지는 데 시간이 걸릴 수 있으며, Hostbay가 계속 확인합니다.',
  },
  remove: {
    button: '제거',
    title: '{{domain}}을(를) 제거할까요?',
    body: '이 도메인으로는 사이트가 더 이상 응답하지 않고, 도메인의 인증서도 삭제됩니다. 사이트와 파일은 그대로 남습니다.',
    confirm: '도메인 제거',
    pending: '제거하는 중…',
    done: '{{domain}}을(를) 제거했습니다.',
  },
  add: {
    label: '도메인',
    hint: '직접 가지고 있고 DNS 레코드를 설정할 수 있는 도메인.',
    limit: '이 호스팅에는 도메인이 {{limit}}개 있어 더 추가할 수 없습니다. 다른 도메인을 추가하려면 하나를 제거하세요.',
    submit: '도메인 추가',
    pending: '추가하는 중…',
    done: '{{domain}}을(를) 추가했습니다. 이제 DNS 레코드를 설정하세요.',
  },
};
