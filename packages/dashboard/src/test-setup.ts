import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { clearCache } from './api/client';

afterEach(() => {
  cleanup();
  clearCache();
  window.history.replaceState(null, '', '/dashboard/');
});
