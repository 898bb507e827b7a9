import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { copyText } from '../../lib/clipboard';
import { Button, type ButtonVariant } from './Button';
import { Icon } from './Icon';

interface CopyButtonProps {
  text: string;
  label: string;
  /** Toast shown after a successful copy. */
  successMessage?: string;
  variant?: ButtonVariant;
  /** Icon-only button: `label` becomes its accessible name. */
  compact?: boolean;
}

export function CopyButton({ text, label, successMessage, variant = 'secondary', compact = false }: CopyButtonProps) {
  const { t } = useTranslation();
  const copy = async () => {
    try {
      await copyText(text);
      toast.success(successMessage ?? t('common.copied'));
    } catch (error) {
      console.warn('Copy to clipboard failed', error);
      toast.error(t('common.copyFailed'));
    }
  };
  if (compact) {
    return (
      <button type="button" className="icon-btn" onClick={() => void copy()} aria-label={label} title={label}>
        <Icon name="copy" size={16} />
      </button>
    );
  }
  return (
    <Button variant={variant} icon="copy" onClick={() => void copy()}>
      {label}
    </Button>
  );
}
