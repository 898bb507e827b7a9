import { createHash } from 'node:crypto';
import type { VirtType } from './domain-model.js';

/**
 * Bump when what a template's saved state depends on changes in a way its
 * inputs do not show: the domain's devices (domain-xml.ts), the template's
 * seed or its preparation. Every template is then rebuilt, never patched.
 */
// 2: a virtio memory balloon (for the guest's memory figures) joined the devices.
export const TEMPLATE_VERSION = 2;

/**
 * The NIC's MAC in every template and in every hosting restored from one. In
 * user mode each VM has a private network of its own, so sharing it harms
 * nothing, and it must stay: the guest's network configuration, written in the
 * template, names it, and a reboot resets the NIC to the definition's MAC.
 */
export const TEMPLATE_MAC = '52:54:00:4b:b0:01';

/** The machine a template is saved with: a restored VM has exactly these. */
export interface TemplateShape {
  vcpus: number;
  memoryMb: number;
  diskGb: number;
}

/** Everything a template's saved state depends on. */
export interface TemplateInputs {
  /** The built image's disk: images are never changed in place, so its path names its content. */
  baseDisk: string;
  virtType: VirtType;
  shape: TemplateShape;
}

/** The key a template is stored and found by: a new image, shape or virt type is another template. */
export function templateKey(inputs: TemplateInputs): string {
  const canonical = JSON.stringify([
    TEMPLATE_VERSION,
    inputs.baseDisk,
    inputs.virtType,
    inputs.shape.vcpus,
    inputs.shape.memoryMb,
    inputs.shape.diskGb,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export function sameShape(a: TemplateShape, b: TemplateShape): boolean {
  return a.vcpus === b.vcpus && a.memoryMb === b.memoryMb && a.diskGb === b.diskGb;
}
