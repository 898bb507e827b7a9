import { useRef, type RefObject } from 'react';

export interface ReturnFocusHandlers {
  onOpenAutoFocus: () => void;
  onCloseAutoFocus: (event: Event) => void;
}

/**
 * Focus back to what opened a dialog when it closes. Radix does this for its
 * own Trigger only; our dialogs are mostly opened from state (a menu item, a
 * button elsewhere on the page), so the opener is remembered on opening.
 * An opener inside a menu is gone once the menu closes: its menu's button
 * takes its place. Spread onto Dialog.Content / AlertDialog.Content (call
 * onOpenAutoFocus first when the dialog has its own).
 */
export function useReturnFocus(fallback?: RefObject<HTMLElement | null>): ReturnFocusHandlers {
  const opener = useRef<HTMLElement | null>(null);
  return {
    onOpenAutoFocus: () => {
      opener.current = openerOf(document.activeElement);
    },
    onCloseAutoFocus: (event) => {
      // The opener may be gone (its item deleted) or disabled now (its action under way).
      const back = opener.current;
      const target = back !== null && back.isConnected && !back.matches(':disabled') ? back : fallback?.current;
      if (!target) return;
      event.preventDefault();
      target.focus();
    },
  };
}

/** The element to return to: the focused one, or the button of the menu it is an item of. */
function openerOf(active: Element | null): HTMLElement | null {
  if (!(active instanceof HTMLElement)) return null;
  const menu = active.closest('[role="menu"]');
  const menuButton = menu?.getAttribute('aria-labelledby');
  if (menuButton) return document.getElementById(menuButton) ?? active;
  return active;
}
