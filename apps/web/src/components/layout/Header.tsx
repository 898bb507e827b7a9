import { Logo } from './Logo';
import { MobileMenu } from './MobileMenu';
import { UserMenu } from './UserMenu';

export function Header() {
  return (
    <header className="app-header">
      <MobileMenu />
      <Logo />
      <div className="header-spacer" />
      <UserMenu />
    </header>
  );
}
