import { defineBackground } from 'wxt/utils/define-background';
import { handlers } from '../lib/background/handlers';
import { listenForPorts } from '../lib/background/listen';

export default defineBackground({
  type: 'module',
  main() {
    listenForPorts(handlers);
  },
});
