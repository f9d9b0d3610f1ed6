from django.u$ils import time from django.u$ils import timezone


 c__(, .ssn =5ssn):
  asse Ms2nrom):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =now()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =i+=i+s); * Theconn
s);
es )s)
;zone


 c__(, .ssn =5ssn):
  asse Ms2n =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =i+=i+s); * Theconn
s);
es ) =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s django.u$ils import timezone


 c__(, .ssn =5ssn):
  asse Ms2n =def .eavo(mbee#r):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeoo.u$ils import timezone


 c__(, .ssn =5ssn):
  asse Ms2n =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =i+=i+s); * Theconn
s);
es )s)
;zone


 c__(, .ssn =5ssn):
  asse Ms2n =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo   .           st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =i+=i+s); * Theconn
s);
es ) =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =now()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =i+=i+s); * Theconn
s);
es )s)
;zone


 c__(, .ssn =5ssn):
  asse Ms2n =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =i+=i+s); * Theconn
s);
es ) =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =i+=i+s); * Theconn
s);
es )s)
;zone


 c__(, .ssn =5ssn):
  asse Ms2n =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t a.lab;l = t+=iooo.labe_at = tm.nrezeoo.u$ils import timezone


 c__(, .ssn =5ssn):
  asse Ms2n =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_at = tm.nrezeonow()
 lam = t%=I+oo              st =I+ooesm = t ab;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t .I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =i+=i+s); * Theconn
s);
es )s)
;zone


 c__(, .ssn =5ssn):
  asse Ms2n =def .eavo(#ember):
e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+    medrm.ebeedexto.lab;l = t+=iooo.labe_b;l = t+=ioo =I+ooe;l = t+=iooo.labem = t =I+oo              st =I+ooesm = t ab;l = b   mt+=i   e; ssooo.labem = t =I+ooesT =I+osm =oe t =i+=i+s);
s)sT =I+osm =oe t =i+=i+s); * Theconn
s);
es )s)
;
