import { defineFlow, sql } from 'flowschema';
// 120 objects, one inside the other: refused before the file is parsed (FS1018 at the bracket of level 101)
const deep =
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  { a: { a: { a: { a: { a: { a: { a: { a: { a: { a: 
  1
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
  } } } } } } } } } } 
;
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0', states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: { t: { columns: { id: { type: 'integer', comment: deep } } } },
});
