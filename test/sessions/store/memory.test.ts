import { MemoryStore } from '../../../src/sessions/store/memory.js';
import { runStoreContract } from '../../contracts/store-contract.js';

runStoreContract('memory', (clock) => Promise.resolve(new MemoryStore({ clock })));
