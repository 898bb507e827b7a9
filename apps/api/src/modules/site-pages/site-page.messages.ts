import type { VisitorLanguage } from './visitor-language.js';

/** Why a site's visitor gets Hostbay's page instead of the site. */
export const SITE_PAGE_REASONS = [
  'stopped',
  'starting',
  'creating',
  'error',
  'suspended',
  'deleting',
  'not-answering',
  'unknown',
] as const;
export type SitePageReason = (typeof SITE_PAGE_REASONS)[number];

export interface SitePageText {
  title: string;
  heading: string;
  body: string;
  /** Under the text: when to try again, or what the visitor can do. */
  hint: string;
}

export interface SitePageChrome {
  /** The small line under the page, naming who answers. */
  footer: string;
}

/**
 * What a visitor reads, in each language. Only the state: never a host name, an address, an id
 * or an error message (a visitor learns that the site exists and what it is doing, nothing else).
 */
export const SITE_PAGE_TEXT: Record<VisitorLanguage, Record<SitePageReason, SitePageText> & SitePageChrome> = {
  en: {
    footer: 'A notice from Hostbay, the host of this address',
    stopped: {
      title: 'Site stopped',
      heading: 'This site is stopped',
      body: 'Its owner has turned it off for now, so there is nothing to show.',
      hint: 'Try again later.',
    },
    starting: {
      title: 'Site starting',
      heading: 'This site is starting',
      body: 'It is being turned on and will be back in a minute or so.',
      hint: 'Reload this page shortly.',
    },
    creating: {
      title: 'Site being created',
      heading: 'This site is being created',
      body: 'It was set up just now and will be ready in a few minutes.',
      hint: 'Reload this page shortly.',
    },
    error: {
      title: 'Site unavailable',
      heading: 'This site is unavailable',
      body: 'Something went wrong with it, and its owner has been told in their dashboard.',
      hint: 'Try again later.',
    },
    suspended: {
      title: 'Site suspended',
      heading: 'This site is suspended',
      body: 'The operator has suspended the account that hosts this site, so it cannot be shown now.',
      hint: 'If this is your site, contact the operator.',
    },
    deleting: {
      title: 'Site removed',
      heading: 'This site is being removed',
      body: 'Its owner is deleting it; it will not come back at this address.',
      hint: '',
    },
    'not-answering': {
      title: 'Site not answering',
      heading: 'This site is not answering',
      body: 'Its server is on but did not answer. This is usually brief.',
      hint: 'Reload this page in a minute.',
    },
    unknown: {
      title: 'No site here',
      heading: 'There is no site at this address',
      body: 'Check the address for a typing mistake.',
      hint: '',
    },
  },
  ko: {
    footer: '이 주소를 호스팅하는 Hostbay의 안내',
    stopped: {
      title: '중지된 사이트',
      heading: '이 사이트는 중지되어 있습니다',
      body: '사이트 주인이 지금은 사이트를 꺼 두어서 보여 드릴 내용이 없습니다.',
      hint: '나중에 다시 방문해 주세요.',
    },
    starting: {
      title: '시작 중인 사이트',
      heading: '이 사이트를 시작하고 있습니다',
      body: '사이트를 켜는 중이며 1분쯤 뒤에 다시 열립니다.',
      hint: '잠시 후 이 페이지를 새로 고쳐 주세요.',
    },
    creating: {
      title: '만드는 중인 사이트',
      heading: '이 사이트를 만들고 있습니다',
      body: '방금 만들기 시작한 사이트로, 몇 분 안에 준비됩니다.',
      hint: '잠시 후 이 페이지를 새로 고쳐 주세요.',
    },
    error: {
      title: '이용할 수 없는 사이트',
      heading: '지금은 이 사이트를 이용할 수 없습니다',
      body: '사이트에 문제가 생겼으며, 사이트 주인의 대시보드에 알려 두었습니다.',
      hint: '나중에 다시 방문해 주세요.',
    },
    suspended: {
      title: '이용이 정지된 사이트',
      heading: '이 사이트는 이용이 정지되었습니다',
      body: '이 사이트를 호스팅하는 계정을 운영자가 정지해서 지금은 사이트를 보여 드릴 수 없습니다.',
      hint: '사이트 주인이라면 운영자에게 문의하세요.',
    },
    deleting: {
      title: '삭제되는 사이트',
      heading: '이 사이트는 삭제되고 있습니다',
      body: '사이트 주인이 사이트를 삭제하고 있어 이 주소로는 다시 열리지 않습니다.',
      hint: '',
    },
    'not-answering': {
      title: '응답하지 않는 사이트',
      heading: '이 사이트가 응답하지 않습니다',
      body: '사이트 서버는 켜져 있지만 응답하지 않았습니다. 보통 잠시 뒤에 풀립니다.',
      hint: '1분쯤 뒤에 이 페이지를 새로 고쳐 주세요.',
    },
    unknown: {
      title: '사이트 없음',
      heading: '이 주소에는 사이트가 없습니다',
      body: '주소에 오타가 없는지 확인해 주세요.',
      hint: '',
    },
  },
};
