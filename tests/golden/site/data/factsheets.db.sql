BEGIN TRANSACTION;
CREATE TABLE articles (
  slug TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  words TEXT NOT NULL,
  publisher TEXT NOT NULL,
  author TEXT,
  url TEXT NOT NULL,
  published TEXT NOT NULL,
  language TEXT NOT NULL,
  page TEXT NOT NULL
);
INSERT INTO "articles" VALUES('borealis-investe-in-northwind','Borealis investe 400 milioni in Northwind','summary','Golden Press','Golden Desk','https://example.org/golden/articles/borealis-investe-in-northwind/','2026-03-04','it','articles/borealis-investe-in-northwind/');
INSERT INTO "articles" VALUES('borealis-invests-in-northwind','Borealis puts €400 million into Northwind','original','Golden Wire','R. Example','https://wire.example/2026/03/borealis-northwind','2026-03-03','en','articles/borealis-invests-in-northwind/');
INSERT INTO "articles" VALUES('comitato-robotica-nuove-regole','Robot nei magazzini, il Comitato approva nuove regole','summary','Golden Press','Desk robotica','https://example.org/golden/articles/comitato-robotica-nuove-regole/','2026-05-07','it','articles/comitato-robotica-nuove-regole/');
INSERT INTO "articles" VALUES('lumen-one-launch','Northwind launches Lumen One','original','Golden Wire',NULL,'https://wire.example/2026/04/lumen-one','2026-04-10','en','articles/lumen-one-launch/');
CREATE TABLE entities (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  description TEXT,
  aliases TEXT NOT NULL,
  infobox TEXT NOT NULL,
  url TEXT NOT NULL,
  fact_count INTEGER NOT NULL
);
INSERT INTO "entities" VALUES('borealis','Borealis Capital','company','Investment firm that backs industrial start-ups.','{"all": ["Borealis"]}','{"founded": 1998, "headquarters": "Milan"}','companies/borealis/',1);
INSERT INTO "entities" VALUES('lumen-one','Lumen One','product','Northwind''s first robot that picks single items off a shelf.','{}','{"parent": "northwind"}','products/lumen-one/',2);
INSERT INTO "entities" VALUES('marta-ferri','Marta Ferri','person','Chief executive of Northwind Robotics.','{"all": ["Ferri"]}','{"employer": "northwind", "role": "CEO"}','people/marta-ferri/',1);
INSERT INTO "entities" VALUES('northwind','Northwind Robotics','company','Italian maker of warehouse robots.','{"all": ["Northwind"]}','{"founded": 2011, "headquarters": "Turin", "ticker": "NWR", "website": "https://northwind.example"}','companies/northwind/',8);
INSERT INTO "entities" VALUES('robotics-board','European Robotics Board','organization','Invented regulator that sets safety rules for robots in shared workplaces.','{"it": ["Comitato europeo per la robotica"]}','{}','organizations/robotics-board/',1);
INSERT INTO "entities" VALUES('turin','Turin','place','City in north-western Italy, home of Northwind Robotics.','{"it": ["Torino"]}','{"country": "Italy"}','places/turin/',1);
CREATE TABLE facts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL REFERENCES entities(id),
  object TEXT REFERENCES entities(id),
  value NUMERIC,
  low NUMERIC,
  high NUMERIC,
  unit TEXT,
  qualifier TEXT,
  status TEXT,
  date TEXT NOT NULL,
  date_end TEXT,
  date_reported INTEGER NOT NULL,
  first_reported TEXT NOT NULL,
  statement TEXT NOT NULL,
  measure TEXT,
  url TEXT NOT NULL,
  source_count INTEGER NOT NULL,
  sources TEXT NOT NULL,
  conflict_fields TEXT,
  conflicting_facts TEXT,
  year INTEGER NOT NULL,
  draft INTEGER NOT NULL
);
INSERT INTO "facts" VALUES('18e713bfbfea','appointment','marta-ferri','northwind',NULL,NULL,NULL,NULL,NULL,NULL,'2024-01',NULL,0,'2026-03-03','Marta Ferri took office at Northwind Robotics in January 2024',NULL,'people/marta-ferri/#fact-18e713bfbfea',2,'https://example.org/golden/articles/borealis-investe-in-northwind/',NULL,NULL,2024,0);
INSERT INTO "facts" VALUES('07e00f98b8c7','metric','northwind',NULL,120000000,NULL,NULL,'EUR','exact',NULL,'2025',NULL,0,'2026-03-03','Northwind Robotics reported revenue of €120 million in 2025','Revenue','companies/northwind/#fact-07e00f98b8c7',1,'https://wire.example/2026/03/borealis-northwind','value','1be948b8b25e',2025,0);
INSERT INTO "facts" VALUES('1be948b8b25e','metric','northwind',NULL,125000000,NULL,NULL,'EUR','exact',NULL,'2025',NULL,0,'2026-03-03','Northwind Robotics reported revenue of €125 million in 2025','Revenue','companies/northwind/#fact-1be948b8b25e',2,'https://example.org/golden/articles/borealis-investe-in-northwind/','value','07e00f98b8c7',2025,0);
INSERT INTO "facts" VALUES('f232d0e88844','investment','borealis','northwind',400000000,NULL,NULL,'EUR','exact',NULL,'2026-03-02',NULL,0,'2026-03-03','Borealis Capital invested €400 million in Northwind Robotics on 2 March 2026','Investment in Northwind Robotics','companies/borealis/#fact-f232d0e88844',2,'https://wire.example/2026/03/borealis-northwind https://example.org/golden/articles/borealis-investe-in-northwind/',NULL,NULL,2026,0);
INSERT INTO "facts" VALUES('feeea178adfa','market_share','northwind',NULL,9,NULL,NULL,'%','about',NULL,'2026-03-03',NULL,1,'2026-03-03','Northwind Robotics had a market share of about 9%','European warehouse-robot market','companies/northwind/#fact-feeea178adfa',1,'https://wire.example/2026/03/borealis-northwind',NULL,NULL,2026,0);
INSERT INTO "facts" VALUES('c99d900ad86f','launch','northwind','lumen-one',NULL,NULL,NULL,NULL,NULL,NULL,'2026-04-09',NULL,0,'2026-04-10','Northwind Robotics launched Lumen One on 9 April 2026',NULL,'companies/northwind/#fact-c99d900ad86f',1,'https://wire.example/2026/04/lumen-one',NULL,NULL,2026,0);
INSERT INTO "facts" VALUES('84c9978202a2','market_share','lumen-one',NULL,NULL,12,15,'%','range','expected','2026-04-10','2028',1,'2026-04-10','Lumen One is expected to reach a market share of 12–15% by 2028','Market share','products/lumen-one/#fact-84c9978202a2',1,'https://wire.example/2026/04/lumen-one',NULL,NULL,2026,0);
INSERT INTO "facts" VALUES('940cb6cbb54f','plan','northwind','turin',2000,NULL,NULL,'robots','exact',NULL,'2026-04-10',NULL,1,'2026-04-10','Northwind Robotics set out a plan of 2,000 robots with Turin','Planned robots, Turin','companies/northwind/#fact-940cb6cbb54f',1,'https://wire.example/2026/04/lumen-one',NULL,NULL,2026,0);
INSERT INTO "facts" VALUES('3fbe95587909','regulation','robotics-board',NULL,20000000,NULL,NULL,'EUR','up_to',NULL,'2026-05','2027',0,'2026-05-06','The European Robotics Board adopted safety rules for warehouse robots','Regulation','organizations/robotics-board/#fact-3fbe95587909',1,'https://example.org/golden/articles/comitato-robotica-nuove-regole/',NULL,NULL,2026,0);
INSERT INTO "facts" VALUES('1c6118c08d01','stock','northwind',NULL,6.5,NULL,NULL,'%','exact',NULL,'2026-05-05',NULL,0,'2026-05-06','Northwind Robotics shares rose 6.5% on 5 May 2026','Share price change','companies/northwind/#fact-1c6118c08d01',1,'https://example.org/golden/articles/comitato-robotica-nuove-regole/',NULL,NULL,2026,0);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_master(type,name,tbl_name,rootpage,sql)VALUES('table','facts_fts','facts_fts',0,'CREATE VIRTUAL TABLE facts_fts USING fts5(statement, content="facts", content_rowid=''rowid'', tokenize=''unicode61 remove_diacritics 2'')');
CREATE TABLE 'facts_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE 'facts_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'facts_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'facts_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE relation_facts (
  relation INTEGER NOT NULL REFERENCES relations(id),
  fact TEXT NOT NULL REFERENCES facts(id),
  PRIMARY KEY (relation, fact)
);
INSERT INTO "relation_facts" VALUES(1,'18e713bfbfea');
INSERT INTO "relation_facts" VALUES(2,'f232d0e88844');
INSERT INTO "relation_facts" VALUES(3,'c99d900ad86f');
INSERT INTO "relation_facts" VALUES(4,'940cb6cbb54f');
CREATE TABLE relations (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL REFERENCES entities(id),
  object TEXT NOT NULL REFERENCES entities(id),
  UNIQUE (kind, subject, object)
);
INSERT INTO "relations" VALUES(1,'appointment','marta-ferri','northwind');
INSERT INTO "relations" VALUES(2,'investment','borealis','northwind');
INSERT INTO "relations" VALUES(3,'launch','northwind','lumen-one');
INSERT INTO "relations" VALUES(4,'plan','northwind','turin');
CREATE TABLE reports (
  article TEXT NOT NULL REFERENCES articles(slug),
  position INTEGER NOT NULL,
  publisher TEXT NOT NULL,
  title TEXT,
  url TEXT,
  published TEXT NOT NULL,
  PRIMARY KEY (article, position)
);
INSERT INTO "reports" VALUES('borealis-investe-in-northwind',1,'Cronaca Esempio',NULL,'https://cronaca.example/economia/borealis-northwind','2026-03-04');
INSERT INTO "reports" VALUES('borealis-investe-in-northwind',2,'Golden Wire',NULL,'https://wire.example/2026/03/borealis-northwind','2026-03-03');
INSERT INTO "reports" VALUES('comitato-robotica-nuove-regole',1,'Cronaca Esempio','Robot nei magazzini, via libera alle nuove regole','https://cronaca.example/tecnologia/regole-robot','2026-05-06');
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  fact TEXT NOT NULL REFERENCES facts(id),
  position INTEGER NOT NULL,
  article TEXT NOT NULL REFERENCES articles(slug),
  words TEXT NOT NULL,
  publisher TEXT NOT NULL,
  url TEXT NOT NULL,
  published TEXT NOT NULL,
  language TEXT NOT NULL,
  sentence TEXT NOT NULL,
  statement TEXT NOT NULL,
  page TEXT NOT NULL,
  draft INTEGER NOT NULL,
  UNIQUE (fact, position)
);
INSERT INTO "sources" VALUES(1,'18e713bfbfea',1,'borealis-investe-in-northwind','summary','Golden Press','https://example.org/golden/articles/borealis-investe-in-northwind/','2026-03-04','it','Marta Ferri guida l''azienda dal gennaio 2024, quando è stata nominata amministratrice delegata.','Marta Ferri guida l''azienda dal gennaio 2024','articles/borealis-investe-in-northwind/#fact-18e713bfbfea',0);
INSERT INTO "sources" VALUES(2,'07e00f98b8c7',1,'borealis-invests-in-northwind','original','Golden Wire','https://wire.example/2026/03/borealis-northwind','2026-03-03','en','Ferri said Northwind''s revenue reached €120 million in 2025, and that the company holds about 9% of the European market for warehouse robots.','Northwind''s revenue reached €120 million in 2025','articles/borealis-invests-in-northwind/#fact-07e00f98b8c7',0);
INSERT INTO "sources" VALUES(3,'1be948b8b25e',1,'borealis-investe-in-northwind','summary','Golden Press','https://example.org/golden/articles/borealis-investe-in-northwind/','2026-03-04','it','Secondo il bilancio citato dal giornale, nel 2025 i ricavi di Northwind sono stati di 125 milioni di euro.','nel 2025 i ricavi di Northwind sono stati di 125 milioni di euro','articles/borealis-investe-in-northwind/#fact-1be948b8b25e',0);
INSERT INTO "sources" VALUES(4,'f232d0e88844',1,'borealis-invests-in-northwind','original','Golden Wire','https://wire.example/2026/03/borealis-northwind','2026-03-03','en','On 2 March 2026 Borealis Capital agreed to invest €400 million in Northwind, the company''s chief executive Marta Ferri told reporters in Turin.','On 2 March 2026 Borealis Capital agreed to invest €400 million in Northwind','articles/borealis-invests-in-northwind/#fact-f232d0e88844',0);
INSERT INTO "sources" VALUES(5,'f232d0e88844',2,'borealis-investe-in-northwind','summary','Golden Press','https://example.org/golden/articles/borealis-investe-in-northwind/','2026-03-04','it','Il 2 marzo 2026 Borealis ha deciso di investire 400 milioni di euro in Northwind, la società di Torino che costruisce robot per la logistica.','Il 2 marzo 2026 Borealis ha deciso di investire 400 milioni di euro in Northwind','articles/borealis-investe-in-northwind/#fact-f232d0e88844',0);
INSERT INTO "sources" VALUES(6,'feeea178adfa',1,'borealis-invests-in-northwind','original','Golden Wire','https://wire.example/2026/03/borealis-northwind','2026-03-03','en','Ferri said Northwind''s revenue reached €120 million in 2025, and that the company holds about 9% of the European market for warehouse robots.','the company holds about 9% of the European market for warehouse robots','articles/borealis-invests-in-northwind/#fact-feeea178adfa',0);
INSERT INTO "sources" VALUES(7,'c99d900ad86f',1,'lumen-one-launch','original','Golden Wire','https://wire.example/2026/04/lumen-one','2026-04-10','en','On 9 April 2026 Northwind launched Lumen One, a robot that picks single items off a shelf.','On 9 April 2026 Northwind launched Lumen One','articles/lumen-one-launch/#fact-c99d900ad86f',0);
INSERT INTO "sources" VALUES(8,'84c9978202a2',1,'lumen-one-launch','original','Golden Wire','https://wire.example/2026/04/lumen-one','2026-04-10','en','Analysts expect Lumen One to take 12-15% of its market.','Analysts expect Lumen One to take 12-15% of its market','articles/lumen-one-launch/#fact-84c9978202a2',0);
INSERT INTO "sources" VALUES(9,'940cb6cbb54f',1,'lumen-one-launch','original','Golden Wire','https://wire.example/2026/04/lumen-one','2026-04-10','en','According to an internal memo, Northwind plans to build 2,000 robots a year in Turin; a second plant in Poland is under study.','Northwind plans to build 2,000 robots a year in Turin','articles/lumen-one-launch/#fact-940cb6cbb54f',0);
INSERT INTO "sources" VALUES(10,'3fbe95587909',1,'comitato-robotica-nuove-regole','summary','Golden Press','https://example.org/golden/articles/comitato-robotica-nuove-regole/','2026-05-07','it','A maggio 2026 il Comitato europeo per la robotica ha approvato nuove regole di sicurezza per i robot nei magazzini, con multe fino a 20 milioni di euro.','il Comitato europeo per la robotica ha approvato nuove regole di sicurezza per i robot nei magazzini, con multe fino a 20 milioni di euro','articles/comitato-robotica-nuove-regole/#fact-3fbe95587909',0);
INSERT INTO "sources" VALUES(11,'1c6118c08d01',1,'comitato-robotica-nuove-regole','summary','Golden Press','https://example.org/golden/articles/comitato-robotica-nuove-regole/','2026-05-07','it','Dopo l''annuncio le azioni di Northwind sono salite del 6,5 per cento, mentre Borealis ha ribadito il proprio sostegno all''azienda.','le azioni di Northwind sono salite del 6,5 per cento','articles/comitato-robotica-nuove-regole/#fact-1c6118c08d01',0);
INSERT INTO sqlite_master(type,name,tbl_name,rootpage,sql)VALUES('table','sources_fts','sources_fts',0,'CREATE VIRTUAL TABLE sources_fts USING fts5(sentence, statement, content="sources", content_rowid=''id'', tokenize=''unicode61 remove_diacritics 2'')');
CREATE TABLE 'sources_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE 'sources_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'sources_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'sources_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE INDEX facts_kind ON facts(kind);
CREATE INDEX facts_subject ON facts(subject);
CREATE INDEX facts_object ON facts(object);
CREATE INDEX facts_year ON facts(year);
CREATE INDEX facts_date ON facts(date);
CREATE INDEX sources_article ON sources(article);
CREATE INDEX sources_publisher ON sources(publisher);
CREATE INDEX relations_subject ON relations(subject);
CREATE INDEX relations_object ON relations(object);
CREATE INDEX relation_facts_fact ON relation_facts(fact);
PRAGMA writable_schema=OFF;
COMMIT;
