import { MemoryStore } from '../../src/store/memory.js';
import { runStoreContract } from '../contracts/store-contract.js';

runStoreContract('memory', (clock) => Promise.resolve(new MemoryStore({ clock })));
